using System.Collections.Concurrent;
using Microsoft.ML;
using static Hematology.ML.MlNet.MlNetMapping;

namespace Hematology.ML.MlNet;

/// <summary>
/// Results per image path, computed once: a <c>Transform</c> computes the paths of its view it has not seen as one
/// batch (the featuriser batches the network; the classifier adapts to the whole set), and a prediction engine's
/// single row computes its own path on demand. Thread-safe, as ML.NET may read rows from several cursors.
/// </summary>
internal sealed class PathResults<T>(Func<IReadOnlyList<string>, T[]> compute)
{
    private readonly ConcurrentDictionary<string, T> _results = new(StringComparer.Ordinal);
    private readonly Lock _computing = new();

    /// <summary>Computes the results of the paths in <paramref name="column"/> not seen before.</summary>
    public void ComputeFor(IDataView input, string column) => Compute(DistinctText(input, column).Where(p => !_results.ContainsKey(p)).ToArray());

    /// <summary>The result of one path, computed now if it was not before.</summary>
    public T this[string path]
    {
        get
        {
            if (!_results.ContainsKey(path)) Compute([path]);
            return _results[path];
        }
    }

    private void Compute(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0) return;
        lock (_computing)
        {
            var results = compute(paths);
            for (var i = 0; i < paths.Count; i++) _results[paths[i]] = results[i];
        }
    }
}
