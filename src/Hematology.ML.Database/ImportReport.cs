namespace Hematology.ML.Database;

/// <summary>What happened to one row of the sheet.</summary>
public enum RowOutcome
{
    /// <summary>The smear and its images were stored.</summary>
    Imported,
    /// <summary>The smear was already in the database (a repeated import): nothing changed.</summary>
    AlreadyImported,
    /// <summary>The row was not usable (missing field, unknown entity, no smear folder): nothing stored.</summary>
    Skipped,
    /// <summary>Something inside the smear was wrong (corrupt image, unknown cell type): all of it was rolled back.</summary>
    RolledBack,
}

/// <summary>One row's result. <paramref name="Notes"/> lists files not stored (not images, duplicates).</summary>
public sealed record RowReport(int RowNumber, RowOutcome Outcome, string? Reason, int ImagesStored, int DuplicateImages, IReadOnlyList<string> Notes);

/// <summary>The result of importing a sheet.</summary>
public sealed record ImportReport(IReadOnlyList<RowReport> Rows)
{
    /// <summary>Rows with the given outcome.</summary>
    public int Count(RowOutcome outcome) => Rows.Count(r => r.Outcome == outcome);

    /// <summary>Images stored by this import.</summary>
    public int ImagesStored => Rows.Sum(r => r.ImagesStored);

    /// <summary>True when every row is in the database now (imported now or before).</summary>
    public bool Complete => Rows.All(r => r.Outcome is RowOutcome.Imported or RowOutcome.AlreadyImported);
}
