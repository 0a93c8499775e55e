using Hematology.ML;
using Hematology.ML.Database;

namespace Hematology.Web;

/// <summary>
/// Smear references may carry a patient's identity, so the server keeps only their keyed hash (the lab secret's
/// request key, as <c>hemato db import</c> does), and without a lab secret nothing at all. The reference itself is
/// never written to the database, a file or a log.
/// </summary>
public sealed class ReferencePseudonyms(LabSecret? secret)
{
    /// <summary>Whether references are stored (a lab secret is configured).</summary>
    public bool Enabled => secret is not null;

    /// <summary>The stored key of a reference, or null when there is none or no lab secret.</summary>
    public string? KeyOf(string? reference) => reference is null || secret is null ? null : secret.RequestKey(reference);

    /// <summary>
    /// The lab secret given in the options, else <c>lab-secret</c> in the data folder, else the one <c>hemato db</c>
    /// would use (environment, default file); none is not an error here: references are then not stored.
    /// </summary>
    public static ReferencePseudonyms For(HematologyWebOptions options)
    {
        if (options.LabSecret is { } given) return new(given);
        var inData = Path.Combine(options.DataFolder, "lab-secret");
        try { return new(LabSecret.Resolve(File.Exists(inData) ? inData : null)); }
        catch (HematologyException) { return new(null); }
    }
}
