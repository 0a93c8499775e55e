using System.Reflection;
using Microsoft.ML;

namespace Hematology.ML.Tests.Architecture;

/// <summary>The core package's public surface stays small and ML.NET-shaped, and it carries no database or web stack.</summary>
public class PublicSurfaceTests
{
    private static readonly Assembly Core = typeof(HematologyException).Assembly;

    [Fact]
    public void The_core_exposes_at_most_70_public_types()
    {
        var exported = Core.GetExportedTypes();
        Assert.True(exported.Length <= 70, $"{exported.Length} public types: {string.Join(", ", exported.Select(t => t.FullName).Order())}");
    }

    [Fact]
    public void The_core_offers_ml_net_estimators_and_catalog_extensions()
    {
        var estimators = Core.GetExportedTypes().Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEstimator<>))).ToArray();
        Assert.True(estimators.Length >= 3, string.Join(", ", estimators.Select(t => t.Name)));
        var catalogs = new[] { typeof(TransformsCatalog), typeof(MulticlassClassificationCatalog.MulticlassClassificationTrainers) };
        var extensions = Core.GetExportedTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.IsDefined(typeof(System.Runtime.CompilerServices.ExtensionAttribute)) && catalogs.Contains(m.GetParameters()[0].ParameterType)).ToArray();
        Assert.True(extensions.Length >= 3, string.Join(", ", extensions.Select(m => m.Name)));
    }

    [Fact]
    public void The_core_references_no_database_driver_openxml_or_asp_net()
    {
        var forbidden = new[] { "MySqlConnector", "Npgsql", "Dapper", "DocumentFormat.OpenXml", "Microsoft.Data.Sqlite", "Microsoft.AspNetCore" };
        var references = Core.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.DoesNotContain(references, r => forbidden.Any(f => r.StartsWith(f, StringComparison.Ordinal)));
        Assert.DoesNotContain(Core.GetTypes(), t => t.Namespace?.StartsWith("Hematology.ML.Database", StringComparison.Ordinal) == true);
    }
}
