using Hematology.ML.Database;

namespace Hematology.Web;

/// <summary>How the lab web app runs: where it listens, who may use it, where it keeps smears and results, its limits.</summary>
public sealed class HematologyWebOptions
{
    /// <summary>The defaults in one place.</summary>
    public static class Defaults
    {
        /// <summary>Loopback only: nobody else on the network reaches an unprotected server.</summary>
        public const string Urls = "http://127.0.0.1:5080";

        /// <summary>One smear at a time: on a CPU one screen already uses every core.</summary>
        public const int Concurrency = 1;

        /// <summary>Smears waiting beyond this are refused (503) rather than piling up.</summary>
        public const int QueueCapacity = 100;

        /// <summary>A CellaVision smear holds some hundreds of cells; 2,000 leaves room for large differentials.</summary>
        public const int MaxFiles = 2000;

        /// <summary>A 360x363 CellaVision JPEG is ~20-40 KiB; 20 MiB admits uncompressed TIFFs of whole fields.</summary>
        public const long MaxFileBytes = 20L << 20;

        /// <summary>What one smear may hold in all, uploaded or unpacked from its zip.</summary>
        public const long MaxTotalBytes = 500L << 20;
    }

    /// <summary>Addresses to listen on (semicolon-separated), e.g. <c>http://127.0.0.1:5080</c>.</summary>
    public string Urls { get; set; } = Defaults.Urls;

    /// <summary>
    /// The key every request must carry (header <c>X-Api-Key</c>, <c>Authorization: Bearer</c>, or the page's login
    /// cookie). Required to listen beyond loopback; never defaulted.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Smears screened at once.</summary>
    public int Concurrency { get; set; } = Defaults.Concurrency;

    /// <summary>Smears that may wait in the queue.</summary>
    public int QueueCapacity { get; set; } = Defaults.QueueCapacity;

    /// <summary>The data folder: uploaded cells and reports under <c>analyses/</c>, the SQLite database by default.</summary>
    public string DataFolder { get; set; } = ML.Database.DataFolder.Path;

    /// <summary>The database (<c>--db</c> syntax); null: <c>cells.db</c> in <see cref="DataFolder"/>.</summary>
    public string? Database { get; set; }

    /// <summary>Most cell images in one smear.</summary>
    public int MaxFiles { get; set; } = Defaults.MaxFiles;

    /// <summary>Largest cell image (or zip) file.</summary>
    public long MaxFileBytes { get; set; } = Defaults.MaxFileBytes;

    /// <summary>Most bytes one smear may take, uploaded or unpacked.</summary>
    public long MaxTotalBytes { get; set; } = Defaults.MaxTotalBytes;

    /// <summary>
    /// The lab secret that pseudonymises smear references; null: resolved as <c>hemato db</c> does, and without one
    /// the reference is not stored at all.
    /// </summary>
    public LabSecret? LabSecret { get; set; }

    /// <summary>The database location these options name.</summary>
    public DatabaseConnectionString DatabaseLocation =>
        Database is { Length: > 0 } db ? DatabaseConnectionString.Parse(db) : DatabaseConnectionString.Sqlite(Path.Combine(DataFolder, "cells.db"));

    /// <summary>Checks the numbers.</summary>
    /// <exception cref="ML.HematologyException">A limit or the concurrency is not positive.</exception>
    public HematologyWebOptions Validate()
    {
        if (Concurrency < 1) throw new ML.HematologyException($"--concurrency must be at least 1, got {Concurrency}.");
        if (QueueCapacity < 1 || MaxFiles < 1 || MaxFileBytes < 1 || MaxTotalBytes < 1)
            throw new ML.HematologyException("The queue capacity and the upload limits must be positive.");
        if (ApiKey is { } key && key.Trim().Length < 16)
            throw new ML.HematologyException("The API key is too short: use at least 16 characters.");
        return this;
    }
}
