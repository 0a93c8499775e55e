using System.Buffers.Binary;
using System.Text;

namespace Hematology.ML.Networks.Onnx;

/// <summary>
/// A minimal reader of the protobuf wire format (varints, fixed 32/64-bit, length-delimited), enough to
/// walk an ONNX model without generated code or a .proto compiler.
/// </summary>
internal ref struct ProtobufReader(ReadOnlySpan<byte> buffer)
{
    private readonly ReadOnlySpan<byte> _buffer = buffer;
    private int _position;

    public const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    public readonly bool AtEnd => _position >= _buffer.Length;

    /// <summary>Reads the next field key: its number and wire type.</summary>
    public (int Field, int WireType) ReadKey()
    {
        var key = ReadVarint();
        return ((int)(key >> 3), (int)(key & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Next(1)[0];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new InvalidDataException("Malformed protobuf varint.");
    }

    public ReadOnlySpan<byte> ReadBytes() => Next(checked((int)ReadVarint()));

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    public float ReadFixed32Float() => BinaryPrimitives.ReadSingleLittleEndian(Next(4));

    /// <summary>Skips a field of the given wire type.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint: ReadVarint(); break;
            case Fixed64: Next(8); break;
            case LengthDelimited: ReadBytes(); break;
            case Fixed32: Next(4); break;
            default: throw new InvalidDataException($"Unsupported protobuf wire type {wireType}.");
        }
    }

    private ReadOnlySpan<byte> Next(int count)
    {
        if (count < 0 || _position + count > _buffer.Length) throw new InvalidDataException("Truncated protobuf message.");
        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }
}
