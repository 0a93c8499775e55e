using System.Globalization;
using System.Text.Json;
using Dapper;

namespace Hematology.ML.Database;

/// <summary>A stored prediction of one model for one image.</summary>
public sealed record StoredPrediction(string ModelKey, string PredictedClass, IReadOnlyList<float> Probabilities, double? DysplasiaScore);

/// <summary>
/// The models that have classified stored images, and their predictions per image (class,
/// probabilities in the model's class order, dysplasia score when the model gives one).
/// </summary>
public sealed class ModelRegistry(CellImageDatabase database)
{
    /// <summary>Registers a model once (same key again: nothing changes).</summary>
    public void Register(string modelKey, string kind, IReadOnlyList<string> classes, string? file)
    {
        database.Connection.Execute(database.Dialect.InsertIgnore("model", "model_key, kind, classes, file_path, registered_at", "@modelKey, @kind, @classes, @file, @at"),
            new { modelKey, kind, classes = JsonSerializer.Serialize(classes), file, at = DateTime.UtcNow.ToString("O") });
    }

    /// <summary>Records (or replaces) a model's prediction for the image with the given content hash.</summary>
    public void RecordPrediction(string contentHash, string modelKey, string predictedClass, IReadOnlyList<float> probabilities, double? dysplasiaScore)
    {
        var c = database.Connection;
        using var transaction = c.BeginTransaction();
        var imageId = c.ExecuteScalar<long?>("SELECT id FROM cell_image WHERE content_hash = @hash", new { hash = contentHash.ToLowerInvariant() }, transaction)
            ?? throw new HematologyException($"No stored image has content hash {contentHash}.");
        var modelId = c.ExecuteScalar<long?>("SELECT id FROM model WHERE model_key = @modelKey", new { modelKey }, transaction)
            ?? throw new HematologyException($"Model '{modelKey}' is not registered.");
        c.Execute("DELETE FROM prediction WHERE cell_image_id = @imageId AND model_id = @modelId", new { imageId, modelId }, transaction);
        c.Execute("""
            INSERT INTO prediction (cell_image_id, model_id, predicted_class, probabilities, dysplasia_score, predicted_at)
            VALUES (@imageId, @modelId, @predictedClass, @probabilities, @dysplasiaScore, @at)
            """, new { imageId, modelId, predictedClass, probabilities = JsonSerializer.Serialize(probabilities), dysplasiaScore, at = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture) }, transaction);
        transaction.Commit();
    }

    /// <summary>Every model's prediction for an image.</summary>
    public IReadOnlyList<StoredPrediction> PredictionsFor(string contentHash) => database.Connection.Query<(string, string, string, double?)>("""
        SELECT m.model_key, p.predicted_class, p.probabilities, p.dysplasia_score FROM prediction p
        JOIN model m ON m.id = p.model_id JOIN cell_image i ON i.id = p.cell_image_id WHERE i.content_hash = @hash ORDER BY m.model_key
        """, new { hash = contentHash.ToLowerInvariant() })
        .Select(r => new StoredPrediction(r.Item1, r.Item2, JsonSerializer.Deserialize<float[]>(r.Item3)!, r.Item4)).ToList();
}
