using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Hematology.ML.Features;

/// <summary>
/// On-disk cache of feature vectors keyed by the hash (SHA-256) of the cell's working-set pixels and the block's cache
/// key, so that a second run over the same images skips the network. One append-only file per key;
/// a torn last record (a run killed mid-write) is ignored on load.
/// </summary>
internal sealed class FeatureCache
{
    private readonly string? _directory;
    private readonly Dictionary<string, Dictionary<string, float[]>> _loaded = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>A cache in <paramref name="directory"/>; null disables caching.</summary>
    public FeatureCache(string? directory)
    {
        _directory = directory;
        if (directory is not null) Directory.CreateDirectory(directory);
    }

    /// <summary>
    /// The default folder: <c>HEMATOLOGY_ML_CACHE</c>, else <c>~/.cache/hematology-ml/features</c>.
    /// </summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("HEMATOLOGY_ML_CACHE") is { Length: > 0 } fromEnv
            ? Path.Combine(fromEnv, "features")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "hematology-ml", "features");

    /// <summary>Hex SHA-256 of bytes (a working-set cell's pixels).</summary>
    public static string HashOf(byte[] content) => Convert.ToHexString(SHA256.HashData(content));

    /// <summary>The cached vector, or null.</summary>
    public float[]? TryGet(string key, string contentHash)
    {
        lock (_gate) return Entries(key).GetValueOrDefault(contentHash);
    }

    /// <summary>Stores a vector (in memory and, when enabled, on disk).</summary>
    public void Put(string key, string contentHash, float[] features)
    {
        lock (_gate)
        {
            var entries = Entries(key);
            if (!entries.TryAdd(contentHash, features) || _directory is null) return;
            // One record, one unbuffered append: several processes (the CLI, tests, a web app) share the
            // folder, and records written piecewise could interleave with theirs and corrupt the file.
            var record = new byte[36 + 4 * features.Length];
            Convert.FromHexString(contentHash).CopyTo(record, 0);
            BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(32), features.Length);
            MemoryMarshal.AsBytes(features.AsSpan()).CopyTo(record.AsSpan(36));
            using var stream = new FileStream(PathOf(key), FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            stream.Write(record);
        }
    }

    private string PathOf(string key) => Path.Combine(_directory!, key + ".bin");

    private Dictionary<string, float[]> Entries(string key)
    {
        if (_loaded.TryGetValue(key, out var entries)) return entries;
        entries = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (_directory is not null && File.Exists(PathOf(key)))
        {
            using var reader = new BinaryReader(new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            var length = reader.BaseStream.Length;
            while (reader.BaseStream.Position + 36 <= length)
            {
                var hash = Convert.ToHexString(reader.ReadBytes(32));
                var count = reader.ReadInt32();
                if (count < 0 || reader.BaseStream.Position + 4L * count > length) break;
                var values = new float[count];
                for (var i = 0; i < count; i++) values[i] = reader.ReadSingle();
                entries[hash] = values;
            }
        }
        _loaded[key] = entries;
        return entries;
    }
}
