using Hematology.ML.Imaging;
using Hematology.ML.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Hematology.ML.Explain;

/// <summary>
/// What a trained network has learned to see in a cell: the vector entering its last fully-connected layer
/// (ResNet-18's 512 pooled features, DysplasiaNet's last hidden layer), the thesis's "learned features" of
/// the t-SNE figures (ch. 4.6.1).
/// </summary>
internal static class LearnedFeatures
{
    /// <summary>One feature vector per image (images of any size, brought to the input as for classification).</summary>
    /// <exception cref="HematologyException">The network has no fully-connected layer.</exception>
    public static float[][] Extract(NetworkCellClassifier model, IReadOnlyList<RgbImage> images, CancellationToken cancellationToken = default)
    {
        var last = model.Network.modules().OfType<TorchSharp.Modules.Linear>().LastOrDefault()
            ?? throw new HematologyException($"'{model.Header.Network}' has no fully-connected layer whose input could be read.");
        var result = new List<float[]>(images.Count);
        float[] captured = [];
        long width = 0;
        var hook = last.register_forward_pre_hook((_, input) =>
        {
            width = input.shape[1];
            captured = input.detach().to(CPU).data<float>().ToArray();
            return input;
        });
        try
        {
            model.Network.eval();
            for (var start = 0; start < images.Count; start += model.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = images.Skip(start).Take(model.BatchSize).ToArray();
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                model.Network.call(model.ToInputBatch(batch).ToTensors(model.Device).Images);
                for (var i = 0; i < batch.Length; i++) result.Add(captured.AsSpan((int)(i * width), (int)width).ToArray());
            }
        }
        finally
        {
            hook.remove();
        }
        return result.ToArray();
    }

    /// <summary>
    /// The raw-pixel view of the same cells for comparison: the centre square at <paramref name="side"/> pixels,
    /// RGB in [0, 1] (32 px keeps 3,072 values, enough for the colours and shapes a person sees at a glance).
    /// </summary>
    public static float[] RawPixels(RgbImage image, int side = 32) =>
        CellImagePreprocessor.CropAndResize(image, side).Pixels.Select(v => v / 255f).ToArray();
}
