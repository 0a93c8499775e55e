using Hematology.ML.Imaging;
using Hematology.ML.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Hematology.ML.Explain;

/// <summary>
/// Grad-CAM (Selvaraju et al. 2017; thesis ch. 4.6.1, 5.4.2, 6.2.2) for any network model of the registry:
/// the feature maps of a layer weighted by the spatial mean of the class score's gradient, rectified,
/// brought to the input resolution and scaled to [0, 1] per cell. One upright view, even for a model that
/// averages test-time views: the map has to line up with the image a person looks at.
/// </summary>
internal sealed class GradCam
{
    private readonly NetworkCellClassifier _model;
    private readonly nn.Module<Tensor, Tensor> _layer;

    /// <summary>Grad-CAM of <paramref name="model"/> at <paramref name="layer"/> (default: its last convolutional block).</summary>
    /// <exception cref="HematologyException">The layer does not exist or has no spatial output.</exception>
    public GradCam(NetworkCellClassifier model, string? layer = null)
    {
        _model = model;
        (Layer, _layer) = NetworkLayers.Resolve(model.Network, model.Header.InputSize, layer, model.Device);
    }

    /// <summary>The layer explained.</summary>
    public string Layer { get; }

    /// <summary>
    /// One map per image for <paramref name="explainedClass"/>, or for each image's predicted class when it
    /// is null. Images of any size are brought to the network input as for classification.
    /// </summary>
    /// <exception cref="HematologyException">The class is not one of the model's.</exception>
    public IReadOnlyList<CellHeatmap> Explain(IReadOnlyList<RgbImage> images, string? explainedClass = null, CancellationToken cancellationToken = default) =>
        ExplainAll(images, explainedClass is null ? null : Enumerable.Repeat(ClassIndex(explainedClass), images.Count).ToArray(), cancellationToken);

    /// <summary>
    /// One map per image, each for its own class (<paramref name="explainedClasses"/>[i] for image i): several
    /// classes in one batched pass, where a call per class would pay a network pass per class.
    /// </summary>
    /// <exception cref="HematologyException">A class is not one of the model's.</exception>
    /// <exception cref="ArgumentException">There is not one class per image.</exception>
    public IReadOnlyList<CellHeatmap> ExplainEach(IReadOnlyList<RgbImage> images, IReadOnlyList<string> explainedClasses, CancellationToken cancellationToken = default)
    {
        if (explainedClasses.Count != images.Count)
            throw new ArgumentException($"{explainedClasses.Count} classes for {images.Count} images.", nameof(explainedClasses));
        return ExplainAll(images, explainedClasses.Select(ClassIndex).ToArray(), cancellationToken);
    }

    private long ClassIndex(string explainedClass)
    {
        var index = _model.Classes.ToList().FindIndex(c => string.Equals(c, explainedClass, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index : throw new HematologyException($"'{explainedClass}' is not a class of this model ({string.Join(", ", _model.Classes)}).");
    }

    // targets: the class index per image, or null for each image's predicted class.
    private List<CellHeatmap> ExplainAll(IReadOnlyList<RgbImage> images, long[]? targets, CancellationToken cancellationToken)
    {
        var maps = new List<CellHeatmap>(images.Count);
        for (var start = 0; start < images.Count; start += _model.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            maps.AddRange(ExplainBatch(images.Skip(start).Take(_model.BatchSize).ToArray(), targets?.Skip(start).Take(_model.BatchSize).ToArray()));
        }
        return maps;
    }

    private IEnumerable<CellHeatmap> ExplainBatch(IReadOnlyList<RgbImage> images, long[]? fixedTargets)
    {
        var network = _model.Network;
        network.eval(); // batch-norm on its running statistics: each image's map depends on that image alone
        var side = _model.Header.InputSize;
        Tensor? activation = null;
        var hook = _layer.register_forward_hook((_, _, output) =>
        {
            // The network's dispose scope, and a Sequential freeing its intermediate results, would free the map
            // before backward; it is ours to free, and the layers after it get an alias (gradients pass through).
            activation = output.DetachFromDisposeScope();
            activation.retain_grad();
            return activation.alias();
        });
        // Gradients reach the layer through the input alone: the weights need none (nor the memory for them).
        var parameters = network.parameters().Where(q => q.requires_grad).ToArray();
        foreach (var parameter in parameters) parameter.requires_grad_(false);
        try
        {
            using var scope = NewDisposeScope();
            using var grad = enable_grad();
            var (x, _) = _model.ToInputBatch(images).ToTensors(_model.Device);
            x.requires_grad_(true);
            var logits = network.call(x);
            var oneLogit = logits.shape[1] == 1;
            var probabilities = oneLogit ? cat([1 - logits.sigmoid(), logits.sigmoid()], 1) : logits.softmax(1);
            var targets = fixedTargets ?? probabilities.argmax(1).data<long>().ToArray();
            using var targetIndex = tensor(targets, device: _model.Device);
            // A sigmoid unit's evidence for class 0 is the negated logit.
            var scores = oneLogit ? logits[.., 0] * (targetIndex * 2 - 1) : logits.gather(1, targetIndex.unsqueeze(1)).squeeze(1);
            scores.sum().backward();

            var weights = activation!.grad!.mean([2, 3], keepdim: true);
            var cam = nn.functional.relu((weights * activation).sum(1, keepdim: true));
            cam = nn.functional.interpolate(cam, [side, side], mode: InterpolationMode.Bilinear, align_corners: false).squeeze(1);
            var peak = cam.amax([1, 2], keepdim: true).clamp_min(1e-12);
            var values = (cam / peak).detach().to(CPU).data<float>().ToArray();
            var p = probabilities.detach().to(CPU).data<float>().ToArray();
            var k = (int)probabilities.shape[1];
            return Enumerable.Range(0, images.Count).Select(i => new CellHeatmap(side, values.AsSpan(i * side * side, side * side).ToArray(),
                _model.Classes[(int)targets[i]], p[i * k + targets[i]], Layer)).ToArray();
        }
        finally
        {
            hook.remove();
            activation?.Dispose();
            foreach (var parameter in parameters) parameter.requires_grad_(true);
        }
    }
}
