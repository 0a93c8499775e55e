using Hematology.ML.Imaging;

namespace Hematology.ML.Features;

/// <summary>The features of a set of images: per image and view, or null where the image was unreadable.</summary>
/// <param name="PerView">[image][view] feature vectors; an unreadable image has null.</param>
/// <param name="Skipped">Images that could not be decoded, with the reason.</param>
internal sealed record FeatureExtraction(float[][]?[] PerView, IReadOnlyList<SkippedFile> Skipped)
{
    /// <summary>The view-averaged vector of image <paramref name="index"/> (null when skipped).</summary>
    public float[]? Averaged(int index) => PerView[index] is { } views ? Average(views) : null;

    /// <summary>Element-wise mean of equally long vectors.</summary>
    public static float[] Average(float[][] views)
    {
        if (views.Length == 1) return views[0];
        var mean = new float[views[0].Length];
        foreach (var v in views)
            for (var i = 0; i < mean.Length; i++) mean[i] += v[i];
        for (var i = 0; i < mean.Length; i++) mean[i] /= views.Length;
        return mean;
    }
}

/// <summary>
/// Turns image files into feature vectors following a <see cref="FeatureSpec"/>: decode, bring to the
/// source resolution, build the views, compute each block (from the cache when possible).
/// Decoding and the hand-made features run in parallel; the ResNet-18 runs batched on ONNX Runtime,
/// which uses every core itself.
/// </summary>
internal sealed class CellFeatureExtractor : IDisposable
{
    private const int ChunkSize = 64;
    private readonly FeatureSpec _spec;
    private readonly Lazy<ResNet18Featurizer> _resnet;

    /// <summary>Creates an extractor; pass a <see cref="FeatureCache"/> with a null folder to disable caching.</summary>
    public CellFeatureExtractor(FeatureSpec spec, FeatureCache cache, string? resNetModelDirectory = null)
    {
        spec.Validate();
        _spec = spec;
        Cache = cache;
        _resnet = new Lazy<ResNet18Featurizer>(() => new ResNet18Featurizer(resNetModelDirectory));
    }

    /// <summary>The spec this extractor follows.</summary>
    public FeatureSpec Spec => _spec;

    /// <summary>Where features of files are looked up and stored; a new cache takes effect from the next call.</summary>
    public FeatureCache Cache { get; set; }

    /// <summary>
    /// Features of every file; <paramref name="progress"/> receives the number of images done.
    /// Unreadable files are skipped and listed, never thrown.
    /// </summary>
    public FeatureExtraction Extract(IReadOnlyList<string> paths, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var result = new float[][]?[paths.Count];
        var skipped = new List<SkippedFile>();
        for (var start = 0; start < paths.Count; start += ChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(ChunkSize, paths.Count - start);
            var chunk = new ImageWork[count];
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken },
                i => chunk[i] = Prepare(paths[start + i]));
            ComputeDeepFeatures(chunk);
            for (var i = 0; i < count; i++)
            {
                if (chunk[i].Error is { } error) { skipped.Add(new SkippedFile(paths[start + i], error)); continue; }
                result[start + i] = chunk[i].Assemble(_spec);
            }
            progress?.Report(start + count);
        }
        return new FeatureExtraction(result, skipped);
    }

    /// <summary>Features of one decoded image (no cache): what a live classifier needs.</summary>
    public float[][] Extract(RgbImage image)
    {
        var work = new ImageWork(null);
        Compute(work, image);
        ComputeDeepFeatures([work]);
        return work.Assemble(_spec);
    }

    private ImageWork Prepare(string path)
    {
        byte[] bytes;
        try { bytes = CellImageDecoder.ReadFile(path); }
        catch (UnreadableImageException e) { return new ImageWork(null) { Error = e.Reason }; }
        var work = new ImageWork(FeatureCache.HashOf(bytes));
        var missing = false;
        foreach (var block in _spec.Blocks)
            for (var view = 0; view < _spec.Views; view++)
            {
                var cached = Cache.TryGet(FeatureBlocks.CacheKey(block, _spec.SourceResolution, view), work.Hash!);
                if (cached is null) missing = true; else work.Blocks[(block, view)] = cached;
            }
        if (!missing) return work;
        try { Compute(work, CellImageDecoder.Decode(bytes, path)); }
        catch (UnreadableImageException e) { work.Error = e.Reason; }
        return work;
    }

    private void Compute(ImageWork work, RgbImage image)
    {
        var atSource = CellImagePreprocessor.ToWorkingSet(image, _spec.SourceResolution, _spec.SourceJpegQuality);
        for (var view = 0; view < _spec.Views; view++)
        {
            var viewImage = CellViews.Get(atSource, view);
            foreach (var block in _spec.Blocks)
            {
                if (work.Blocks.ContainsKey((block, view))) continue;
                switch (block)
                {
                    case FeatureBlocks.ResNet18:
                        work.PendingDeep[view] = ResNet18Featurizer.ToInput(viewImage);
                        break;
                    case FeatureBlocks.ColourHistogram:
                        Store(work, block, view, ColourHistogramFeatures.Extract(viewImage));
                        break;
                    case FeatureBlocks.Morphology:
                        Store(work, block, view, CellMorphologyFeatures.Extract(viewImage));
                        break;
                }
            }
        }
    }

    private void ComputeDeepFeatures(ImageWork[] chunk)
    {
        var pending = chunk.Where(w => w.Error is null).SelectMany(w => w.PendingDeep.Select(p => (Work: w, View: p.Key, Pixels: p.Value))).ToArray();
        if (pending.Length == 0) return;
        var features = _resnet.Value.Featurize(pending.Select(p => p.Pixels).ToArray());
        for (var i = 0; i < pending.Length; i++)
        {
            Store(pending[i].Work, FeatureBlocks.ResNet18, pending[i].View, features[i]);
            pending[i].Work.PendingDeep.Remove(pending[i].View);
        }
    }

    private void Store(ImageWork work, string block, int view, float[] features)
    {
        work.Blocks[(block, view)] = features;
        if (work.Hash is not null) Cache.Put(FeatureBlocks.CacheKey(block, _spec.SourceResolution, view), work.Hash, features);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_resnet.IsValueCreated) _resnet.Value.Dispose();
    }

    private sealed class ImageWork(string? hash)
    {
        public string? Hash { get; } = hash;
        public string? Error { get; set; }
        public Dictionary<(string Block, int View), float[]> Blocks { get; } = [];
        public Dictionary<int, float[]> PendingDeep { get; } = [];

        public float[][] Assemble(FeatureSpec spec)
        {
            var views = new float[spec.Views][];
            for (var view = 0; view < spec.Views; view++)
                views[view] = spec.Blocks.SelectMany(b => Blocks[(b, view)]).ToArray();
            return views;
        }
    }
}
