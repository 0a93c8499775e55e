using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Hematology.ML.Performance;

/// <summary>The software a measured speed depends on.</summary>
/// <param name="TorchSharp">TorchSharp package version.</param>
/// <param name="OnnxRuntime">ONNX Runtime version.</param>
/// <param name="Allocator">What the glibc allocator tuning did (STACK.md: 5-10x on libtorch).</param>
/// <param name="TorchThreads">libtorch intra-op threads during the run.</param>
internal sealed record SoftwareDescription(
    [property: JsonPropertyName("torchsharp")] string TorchSharp,
    [property: JsonPropertyName("onnxruntime")] string OnnxRuntime,
    string Allocator, int TorchThreads);

/// <summary>Matmul GFLOP/s at one thread count.</summary>
/// <param name="Threads">libtorch intra-op threads.</param>
/// <param name="Gflops">Achieved GFLOP/s.</param>
internal sealed record ThreadedGflops(int Threads, double Gflops);

/// <summary>The measured matmul peak.</summary>
/// <param name="Size">Matrix side.</param>
/// <param name="ByThreads">One row per thread count.</param>
/// <param name="Gflops">At the run's thread count: the yardstick of every percentage.</param>
internal sealed record MatmulPeakResult(int Size, IReadOnlyList<ThreadedGflops> ByThreads, double Gflops);

/// <summary>Everything one performance run measured; <see cref="ToJson"/> is what goes to <c>benchmarks/results/</c>.</summary>
/// <param name="Quick">A smoke run on token amounts: its numbers are not figures.</param>
/// <param name="Device">Where the TorchSharp networks ran.</param>
/// <param name="Threads">libtorch and ONNX Runtime intra-op threads.</param>
/// <param name="Plan">The amounts of work.</param>
/// <param name="Machine">The hardware.</param>
/// <param name="Software">Versions and settings.</param>
/// <param name="MatmulPeak">The measured peak.</param>
/// <param name="SmearScreening">The 200-cell smear.</param>
/// <param name="Models">Every shipped model and the deep-feature path.</param>
/// <param name="ResNet18Runtimes">ONNX Runtime against TorchSharp.</param>
/// <param name="Networks">FLOPs, achieved GFLOP/s, training by thread count.</param>
/// <param name="StageSeconds">Wall time of each part of the run.</param>
/// <param name="TotalSeconds">The whole run.</param>
internal sealed record PerformanceReport(bool Quick, string Device, int Threads, PerformancePlan Plan, MachineDescription Machine, SoftwareDescription Software,
    MatmulPeakResult MatmulPeak, SmearScreeningTime SmearScreening, IReadOnlyList<CellModelSpeed> Models,
    [property: JsonPropertyName("resnet18_runtimes")] ResNet18RuntimeComparison ResNet18Runtimes, IReadOnlyList<NetworkSpeed> Networks,
    IReadOnlyDictionary<string, double> StageSeconds, double TotalSeconds)
{
    /// <summary>The report as JSON with <c>kind</c>, the <paramref name="command"/> that made it and the date first.</summary>
    public JsonObject ToJson(string command)
    {
        var body = JsonSerializer.SerializeToNode(this, JsonOptions)!.AsObject();
        var json = new JsonObject
        {
            ["kind"] = "performance",
            ["command"] = command,
            ["date"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in body.ToArray())
        {
            body.Remove(key);
            json[key] = value;
        }
        return json;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new SignificantDigits() },
    };

    // Four significant digits: timings on a shared machine do not hold more, and the file stays readable.
    private sealed class SignificantDigits : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(double.Parse(value.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            else writer.WriteNullValue();
        }
    }
}
