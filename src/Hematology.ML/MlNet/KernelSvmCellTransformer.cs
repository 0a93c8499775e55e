using Hematology.ML.Features;
using Hematology.ML.Features.Classifiers;
using Microsoft.ML;
using Microsoft.ML.Data;
using static Hematology.ML.MlNet.MlNetMapping;

namespace Hematology.ML.MlNet;

/// <summary>
/// A trained kernel SVM as an ML.NET multiclass model: adds <c>Score</c> (one probability per class, slot names =
/// class names) and <c>PredictedLabel</c> (a key of the label's type, key values = class names), the columns that
/// <c>ml.MulticlassClassification.Evaluate</c> and <c>MapKeyToValue</c> read. A row with a NaN feature (an unreadable
/// image) scores 1/k for every class and predicts the missing key.
/// </summary>
public sealed class KernelSvmCellTransformer : CellMappingTransformer
{
    private const string Magic = "HMLSVMCELL1";

    // A custom mapping's key member holds the class index from 0; ML.NET stores index + 1, and the largest value
    // wraps to its missing key, 0.
    private const uint MissingKey = uint.MaxValue;
    private readonly string _featureColumn, _kernelName;
    private readonly FeatureStandardizer _standardizer;
    private readonly IFeatureClassifier _svm;

    internal KernelSvmCellTransformer(string featureColumn, string kernelName, IReadOnlyList<string> classes, FeatureStandardizer standardizer, IFeatureClassifier svm)
    {
        _featureColumn = featureColumn;
        _kernelName = kernelName;
        Classes = classes;
        _standardizer = standardizer;
        _svm = svm;
    }

    /// <summary>Class names in score order (the label's key values).</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Writes the trained model (standardisation, support vectors, class names) to a file.</summary>
    public void Save(string path)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(_featureColumn);
        writer.Write(_kernelName);
        writer.Write(Classes.Count);
        foreach (var name in Classes) writer.Write(name);
        _standardizer.Save(writer);
        writer.Flush();
        _svm.Save(stream);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    /// <exception cref="HematologyException">Missing file, or not a saved kernel SVM.</exception>
    public static KernelSvmCellTransformer Load(string path)
    {
        if (!File.Exists(path)) throw new HematologyException($"Model file '{path}' does not exist.");
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            if (reader.ReadString() != Magic) throw new HematologyException($"'{path}' is not a kernel SVM saved by KernelSvmCellTransformer.Save.");
            var featureColumn = reader.ReadString();
            var kernel = reader.ReadString();
            var count = reader.ReadInt32();
            if (count is < 2 or > 1000) throw new HematologyException($"'{path}' is damaged: {count} classes.");
            var classes = Enumerable.Range(0, count).Select(_ => reader.ReadString()).ToArray();
            var standardizer = FeatureStandardizer.Load(reader);
            return new KernelSvmCellTransformer(featureColumn, kernel, classes, standardizer, FeatureClassifierCatalog.Load(kernel, stream));
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or InvalidDataException or FormatException)
        {
            throw new HematologyException($"'{path}' is not a readable kernel SVM: {e.Message}");
        }
    }

    private protected override ITransformer MappingFor(DataViewSchema inputSchema)
    {
        var features = RequireColumn(inputSchema, _featureColumn);
        return Mapping<FeatureRow, ScoredRow>(inputSchema, Score, Definitions.Input(_featureColumn, features.Type), Definitions.Output(Classes));
    }

    private void Score(FeatureRow row, ScoredRow scored)
    {
        if (row.Features.Length != _standardizer.Mean.Count || row.Features.Any(float.IsNaN))
        {
            scored.Score = Enumerable.Repeat(1f / Classes.Count, Classes.Count).ToArray();
            scored.PredictedLabel = MissingKey;
            return;
        }
        scored.Score = _svm.PredictProbabilities([_standardizer.Transform(row.Features)])[0];
        scored.PredictedLabel = (uint)Cells.CellPrediction.MostProbable(scored.Score);
    }

    internal static class Definitions
    {
        public static SchemaDefinition Input(string featureColumn, DataViewType featureType) =>
            Definition<FeatureRow>((nameof(FeatureRow.Features), featureColumn, featureType));

        public static SchemaDefinition Output(IReadOnlyList<string> classes)
        {
            var output = Definition<ScoredRow>(
                (nameof(ScoredRow.Score), "Score", new VectorDataViewType(NumberDataViewType.Single, classes.Count)),
                (nameof(ScoredRow.PredictedLabel), "PredictedLabel", new KeyDataViewType(typeof(uint), classes.Count)));
            ClassNames.Annotate(output[nameof(ScoredRow.Score)], classes, asKeyValues: false);
            ClassNames.Annotate(output[nameof(ScoredRow.PredictedLabel)], classes, asKeyValues: true);
            return output;
        }
    }
}
