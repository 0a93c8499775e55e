using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Hematology.ML.Networks;

/// <summary>
/// A network's state in a small file, so a fine-tuned ResNet fits the repository's model budget:
/// convolution and fully-connected weights as int8 with one scale per output channel (symmetric,
/// round to nearest; the error is below a percent of each channel's largest weight), everything else
/// (biases, batch-norm statistics) as float16. Loading dequantises into an ordinary float32 network; the
/// accuracy figures of a shipped model are measured on the loaded file, so they include this step.
/// </summary>
internal static class CompactWeights
{
    private const string Magic = "HMLW1";
    private const byte Float16Kind = 1, Int8PerChannelKind = 2, Int64Kind = 3;

    /// <summary>Tensors with at least this many elements and two or more dimensions are stored as int8.</summary>
    public const int QuantizeFromElements = 1024;

    /// <summary>Writes the state of <paramref name="network"/>.</summary>
    public static void Save(nn.Module network, Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        var state = network.state_dict();
        writer.Write(Magic);
        writer.Write(state.Count);
        foreach (var (name, value) in state)
        {
            using var scope = NewDisposeScope();
            var tensor = value.detach().to(CPU);
            writer.Write(name);
            writer.Write((int)tensor.dim());
            foreach (var d in tensor.shape) writer.Write(d);
            if (tensor.dtype == ScalarType.Int64)
            {
                writer.Write(Int64Kind);
                foreach (var v in tensor.data<long>()) writer.Write(v);
            }
            else if (tensor.dim() >= 2 && tensor.numel() >= QuantizeFromElements)
            {
                writer.Write(Int8PerChannelKind);
                var rows = tensor.to_type(ScalarType.Float32).reshape(tensor.shape[0], -1);
                var scale = rows.abs().amax([1], keepdim: true).clamp_min(1e-12) / 127;
                var quantized = (rows / scale).round().clamp(-127, 127).to_type(ScalarType.Int8);
                foreach (var s in scale.data<float>()) writer.Write(s);
                writer.Write(MemoryMarshalBytes(quantized.data<sbyte>().ToArray()));
            }
            else
            {
                writer.Write(Float16Kind);
                foreach (var v in tensor.to_type(ScalarType.Float32).data<float>()) writer.Write((Half)v);
            }
        }
    }

    /// <summary>Loads a state written by <see cref="Save"/> into <paramref name="network"/> (same architecture).</summary>
    /// <exception cref="InvalidDataException">Not such a file, or a tensor missing or of another shape.</exception>
    public static void Load(nn.Module network, Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (reader.ReadString() != Magic) throw new InvalidDataException("not a Hematology.ML weights file");
        var state = network.state_dict();
        var count = reader.ReadInt32();
        if (count != state.Count) throw new InvalidDataException($"the file holds {count} tensors, the network has {state.Count}");
        using var noGrad = no_grad();
        for (var t = 0; t < count; t++)
        {
            var name = reader.ReadString();
            var shape = new long[reader.ReadInt32()];
            for (var d = 0; d < shape.Length; d++) shape[d] = reader.ReadInt64();
            if (!state.TryGetValue(name, out var target)) throw new InvalidDataException($"the network has no tensor '{name}'");
            if (!target.shape.SequenceEqual(shape))
                throw new InvalidDataException($"tensor '{name}' is [{string.Join(',', shape)}] in the file, [{string.Join(',', target.shape)}] in the network");
            var elements = (int)shape.Aggregate(1L, (a, b) => a * b);
            using var scope = NewDisposeScope();
            var kind = reader.ReadByte();
            Tensor values = kind switch
            {
                Int64Kind => tensor(Enumerable.Range(0, elements).Select(_ => reader.ReadInt64()).ToArray(), shape),
                Float16Kind => tensor(Enumerable.Range(0, elements).Select(_ => (float)reader.ReadHalf()).ToArray(), shape),
                Int8PerChannelKind => Dequantize(reader, shape, elements),
                _ => throw new InvalidDataException($"unknown storage kind {kind} of tensor '{name}'"),
            };
            target.copy_(values.to_type(target.dtype).to(target.device));
        }
    }

    private static Tensor Dequantize(BinaryReader reader, long[] shape, int elements)
    {
        var channels = (int)shape[0];
        var scales = Enumerable.Range(0, channels).Select(_ => reader.ReadSingle()).ToArray();
        var bytes = reader.ReadBytes(elements);
        if (bytes.Length != elements) throw new EndOfStreamException("the weights file ends inside a tensor");
        var perChannel = elements / channels;
        var values = new float[elements];
        for (var i = 0; i < elements; i++) values[i] = (sbyte)bytes[i] * scales[i / perChannel];
        return tensor(values, shape);
    }

    private static byte[] MemoryMarshalBytes(sbyte[] values) => (byte[])(Array)values;
}
