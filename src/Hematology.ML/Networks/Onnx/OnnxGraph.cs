using System.Runtime.InteropServices;

namespace Hematology.ML.Networks.Onnx;

/// <summary>A float initializer (weight) of an ONNX graph.</summary>
/// <param name="Name">Its name in the graph.</param>
/// <param name="Dims">Its shape.</param>
/// <param name="Values">Its values, row-major.</param>
internal sealed record OnnxTensor(string Name, long[] Dims, float[] Values);

/// <summary>One node of an ONNX graph: the operator and the names of its inputs and outputs.</summary>
/// <param name="OpType">The operator (<c>Conv</c>, <c>BatchNormalization</c>, ...).</param>
/// <param name="Inputs">Input value names, in operator order.</param>
/// <param name="Outputs">Output value names.</param>
/// <param name="Attributes">Its numeric attributes (ints, int lists, floats), all as doubles.</param>
internal sealed record OnnxNode(string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs,
    IReadOnlyDictionary<string, double[]> Attributes);

/// <summary>
/// The nodes and float initializers of an ONNX model (onnx.proto: ModelProto.graph = 7; GraphProto.node = 1,
/// initializer = 5; NodeProto.input = 1, output = 2, op_type = 4; TensorProto.dims = 1, data_type = 2,
/// float_data = 4, name = 8, raw_data = 9). Read by hand because ONNX Runtime does not expose initializers.
/// </summary>
internal sealed class OnnxGraph
{
    private const int FloatType = 1;

    private OnnxGraph(IReadOnlyList<OnnxNode> nodes, IReadOnlyDictionary<string, OnnxTensor> initializers)
    {
        Nodes = nodes;
        Initializers = initializers;
    }

    /// <summary>The nodes in graph (topological) order.</summary>
    public IReadOnlyList<OnnxNode> Nodes { get; }

    /// <summary>The float initializers by name.</summary>
    public IReadOnlyDictionary<string, OnnxTensor> Initializers { get; }

    /// <summary>Reads an ONNX model file.</summary>
    /// <exception cref="HematologyException">The file is missing or is not an ONNX model.</exception>
    public static OnnxGraph Load(string path)
    {
        if (!File.Exists(path)) throw new HematologyException($"ONNX model not found: {path}");
        try
        {
            return Parse(File.ReadAllBytes(path));
        }
        catch (InvalidDataException e)
        {
            throw new HematologyException($"{path} is not a readable ONNX model: {e.Message}", e);
        }
    }

    private static OnnxGraph Parse(ReadOnlySpan<byte> model)
    {
        var reader = new ProtobufReader(model);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            if (field == 7 && wire == ProtobufReader.LengthDelimited) return ParseGraph(reader.ReadBytes());
            reader.Skip(wire);
        }
        throw new InvalidDataException("the model has no graph.");
    }

    private static OnnxGraph ParseGraph(ReadOnlySpan<byte> graph)
    {
        var nodes = new List<OnnxNode>();
        var initializers = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        var reader = new ProtobufReader(graph);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            if (field == 1 && wire == ProtobufReader.LengthDelimited) nodes.Add(ParseNode(reader.ReadBytes()));
            else if (field == 5 && wire == ProtobufReader.LengthDelimited)
            {
                if (ParseTensor(reader.ReadBytes()) is { } tensor) initializers[tensor.Name] = tensor;
            }
            else reader.Skip(wire);
        }
        return new OnnxGraph(nodes, initializers);
    }

    private static OnnxNode ParseNode(ReadOnlySpan<byte> node)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var opType = "";
        var attributes = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var reader = new ProtobufReader(node);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            switch (field)
            {
                case 1 when wire == ProtobufReader.LengthDelimited: inputs.Add(reader.ReadString()); break;
                case 2 when wire == ProtobufReader.LengthDelimited: outputs.Add(reader.ReadString()); break;
                case 4 when wire == ProtobufReader.LengthDelimited: opType = reader.ReadString(); break;
                case 5 when wire == ProtobufReader.LengthDelimited:
                    var (name, values) = ParseAttribute(reader.ReadBytes());
                    attributes[name] = values;
                    break;
                default: reader.Skip(wire); break;
            }
        }
        return new OnnxNode(opType, inputs, outputs, attributes);
    }

    // AttributeProto: name = 1, f = 2, i = 3, ints = 8.
    private static (string Name, double[] Values) ParseAttribute(ReadOnlySpan<byte> attribute)
    {
        var name = "";
        var values = new List<double>();
        var reader = new ProtobufReader(attribute);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            switch (field)
            {
                case 1 when wire == ProtobufReader.LengthDelimited: name = reader.ReadString(); break;
                case 2 when wire == ProtobufReader.Fixed32: values.Add(reader.ReadFixed32Float()); break;
                case 3 or 8 when wire == ProtobufReader.Varint: values.Add((long)reader.ReadVarint()); break;
                case 8 when wire == ProtobufReader.LengthDelimited:
                    var ints = new List<long>();
                    ReadPackedVarints(reader.ReadBytes(), ints);
                    values.AddRange(ints.Select(v => (double)v));
                    break;
                default: reader.Skip(wire); break;
            }
        }
        return (name, values.ToArray());
    }

    private static OnnxTensor? ParseTensor(ReadOnlySpan<byte> tensor)
    {
        var dims = new List<long>();
        var floats = new List<float>();
        float[]? raw = null;
        var name = "";
        var dataType = 0;
        var reader = new ProtobufReader(tensor);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            switch (field)
            {
                case 1 when wire == ProtobufReader.Varint: dims.Add((long)reader.ReadVarint()); break;
                case 1 when wire == ProtobufReader.LengthDelimited: ReadPackedVarints(reader.ReadBytes(), dims); break;
                case 2 when wire == ProtobufReader.Varint: dataType = (int)reader.ReadVarint(); break;
                case 4 when wire == ProtobufReader.Fixed32: floats.Add(reader.ReadFixed32Float()); break;
                case 4 when wire == ProtobufReader.LengthDelimited: floats.AddRange(MemoryMarshal.Cast<byte, float>(reader.ReadBytes()).ToArray()); break;
                case 8 when wire == ProtobufReader.LengthDelimited: name = reader.ReadString(); break;
                case 9 when wire == ProtobufReader.LengthDelimited: raw = MemoryMarshal.Cast<byte, float>(reader.ReadBytes()).ToArray(); break;
                default: reader.Skip(wire); break;
            }
        }
        // ONNX stores little-endian data; MemoryMarshal.Cast assumes this machine is little-endian too.
        return dataType == FloatType && BitConverter.IsLittleEndian ? new OnnxTensor(name, dims.ToArray(), raw ?? floats.ToArray()) : null;
    }

    private static void ReadPackedVarints(ReadOnlySpan<byte> packed, List<long> into)
    {
        var reader = new ProtobufReader(packed);
        while (!reader.AtEnd) into.Add((long)reader.ReadVarint());
    }
}
