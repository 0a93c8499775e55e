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
/// Turns cells (decoded, or image files decoded once here) into feature vectors following a <see cref="FeatureSpec"/>:
/// bring to the source resolution, build the views, compute each block (from the cache when possible).
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
    /// Unreadable files are skipped and listed, never thrown. Each file is decoded once, straight to the working set.
    /// </summary>
    public FeatureExtraction Extract(IReadOnlyList<string> paths, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var result = new float[][]?[paths.Count];
        var skipped = new List<SkippedFile>();
        for (var start = 0; start < paths.Count; start += ChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = paths.Skip(start).Take(ChunkSize).ToArray();
            var images = CellImageDecoder.TryDecodeAll(chunk, skipped, _spec.ToWorkingSet, cancellationToken);
            var readable = Enumerable.Range(0, chunk.Length).Where(i => images[i] is not null).ToArray();
            var features = ExtractChunk(readable.Select(i => images[i]!).ToArray(), cancellationToken);
            for (var k = 0; k < readable.Length; k++) result[start + readable[k]] = features[k];
            progress?.Report(start + chunk.Length);
        }
        return new FeatureExtraction(result, skipped);
    }

    /// <summary>[image][view] features of decoded cells of any size, in input order; <paramref name="progress"/> receives the number done.</summary>
    public float[][][] Extract(IReadOnlyList<RgbImage> cells, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var result = new float[cells.Count][][];
        for (var start = 0; start < cells.Count; start += ChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = cells.Skip(start).Take(ChunkSize).ToArray();
            ExtractChunk(chunk, cancellationToken).CopyTo(result, start);
            progress?.Report(start + chunk.Length);
        }
        return result;
    }

    /// <summary>The deep-feature network's input of decoded cells, first view only (a multi-view spec repeats the same work per view).</summary>
    public float[][] DeepInputs(IReadOnlyList<RgbImage> cells)
    {
        var pixels = new float[cells.Count][];
        Parallel.For(0, cells.Count, i => pixels[i] = ResNet18Featurizer.ToInput(_spec.ToWorkingSet(cells[i])));
        return pixels;
    }

    /// <summary>The deep-feature network (ImageNet ResNet-18 on ONNX Runtime) on what <see cref="DeepInputs"/> made.</summary>
    public float[][] DeepFeatures(float[][] inputs) => _resnet.Value.Featurize(inputs);

    // The working set of each cell is hashed for the cache (the same pixels give the same features, whatever file or format
    // they came from); the hand-made features run in parallel, the deep features batched.
    private float[][][] ExtractChunk(IReadOnlyList<RgbImage> cells, CancellationToken cancellationToken)
    {
        var chunk = new ImageWork[cells.Count];
        Parallel.For(0, cells.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var atSource = _spec.ToWorkingSet(cells[i]);
            var work = new ImageWork(FeatureCache.HashOf(atSource.Pixels));
            var missing = false;
            foreach (var block in _spec.Blocks)
                for (var view = 0; view < _spec.Views; view++)
                {
                    var cached = Cache.TryGet(FeatureBlocks.CacheKey(block, _spec.SourceResolution, view), work.Hash);
                    if (cached is null) missing = true; else work.Blocks[(block, view)] = cached;
                }
            if (missing) Compute(work, atSource);
            chunk[i] = work;
        });
        ComputeDeepFeatures(chunk);
        return chunk.Select(w => w.Assemble(_spec)).ToArray();
    }

    // The cell is already at the source resolution (ExtractChunk brought it there to hash it).
    private void Compute(ImageWork work, RgbImage atSource)
    {
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
        var pending = chunk.SelectMany(w => w.PendingDeep.Select(p => (Work: w, View: p.Key, Pixels: p.Value))).ToArray();
        if (pending.Length == 0) return;
        var features = DeepFeatures(pending.Select(p => p.Pixels).ToArray());
        for (var i = 0; i < pending.Length; i++)
        {
            Store(pending[i].Work, FeatureBlocks.ResNet18, pending[i].View, features[i]);
            pending[i].Work.PendingDeep.Remove(pending[i].View);
        }
    }

    private void Store(ImageWork work, string block, int view, float[] features)
    {
        work.Blocks[(block, view)] = features;
        Cache.Put(FeatureBlocks.CacheKey(block, _spec.SourceResolution, view), work.Hash, features);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_resnet.IsValueCreated) _resnet.Value.Dispose();
    }

    private sealed class ImageWork(string hash)
    {
        public string Hash { get; } = hash;
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
