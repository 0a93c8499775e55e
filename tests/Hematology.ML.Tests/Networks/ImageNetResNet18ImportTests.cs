using Hematology.ML.Imaging;
using Hematology.ML.Networks;
using Hematology.ML.Networks.Onnx;
using Hematology.ML.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Hematology.ML.Tests.Networks;

public class ImageNetResNet18ImportTests
{
    private readonly ITestOutputHelper _output;

    public ImageNetResNet18ImportTests(ITestOutputHelper output)
    {
        _output = output;
        TorchRuntime.EnsureInitialized();
    }

    [Fact]
    public void Imported_network_computes_the_same_pooled_features_as_onnx_runtime()
    {
        using var network = NetworkRegistry.Create("resnet18-mlnet", numClasses: 8, pretrained: true);
        network.eval();
        using var mean = ImageNetResNet18.MeanImageRgb();
        using var session = new InferenceSession(ImageNetResNet18.OnnxPath());
        var inputName = session.InputMetadata.Keys.Single();

        foreach (var cellClass in new[] { "neutrophil", "eosinophil", "lymphocyte" })
        {
            var image = CellImagePreprocessor.CropAndResize(CellImageDecoder.Decode(TestPaths.SampleOf(cellClass)), ImageNetResNet18.InputSize);
            using var rgb = tensor(image.ToPlanarFloats()).reshape(1, 3, 224, 224);
            using var centred = rgb - mean;

            // ONNX Runtime gets what ResNetPreprocess.onnx makes: BGR minus the BGR mean image.
            using var bgr = centred.flip(1).contiguous();
            var onnxInput = new DenseTensor<float>(bgr.data<float>().ToArray(), [1, 3, 224, 224]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, onnxInput)], [ImageNetResNet18.OnnxPooledOutput]);
            var expected = results.Single().AsEnumerable<float>().ToArray();

            using var noGrad = no_grad();
            using var features = ImageNetResNet18.PooledFeatures(network, centred);
            var actual = features.data<float>().ToArray();

            Assert.Equal(512, actual.Length);
            Assert.Equal(512, expected.Length);
            var worst = actual.Zip(expected, (a, e) => Math.Abs(a - e) / Math.Max(1f, Math.Abs(e))).Max();
            _output.WriteLine($"{cellClass}: largest difference {worst:E2} (features up to {expected.Max():F2})");
            Assert.True(worst < 1e-4, $"{cellClass}: largest relative difference {worst:E2}");
            Assert.True(expected.Count(v => v > 0) > 100, "the features should not be degenerate");
        }
    }

    [Fact]
    public void Onnx_reader_finds_batch_norm_kept_separate_from_twenty_two_convolutions()
    {
        // 1 + 2*(2+2+2+3) + 3 shortcut convolutions: the last stage has three blocks (see MlNetResNet18).
        var graph = OnnxGraph.Load(ImageNetResNet18.OnnxPath());
        Assert.Equal(22, graph.Nodes.Count(n => n.OpType == "Conv"));
        Assert.Equal(22, graph.Nodes.Count(n => n.OpType == "BatchNormalization"));
        var first = graph.Initializers[graph.Nodes.First(n => n.OpType == "Conv").Inputs[1]];
        Assert.Equal([64L, 3, 7, 7], first.Dims);
        Assert.Equal(64 * 3 * 7 * 7, first.Values.Length);
    }

    [Fact]
    public void Not_an_onnx_file_is_a_user_error()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "broken.onnx");
        File.WriteAllBytes(path, [0x3A, 0xFF, 0xFF, 0xFF, 0x0F, 1, 2]);
        Assert.Throws<HematologyException>(() => OnnxGraph.Load(path));
    }
}
