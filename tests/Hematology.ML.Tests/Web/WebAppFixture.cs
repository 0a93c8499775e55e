using System.Collections.Concurrent;
using Hematology.ML.Screening;
using Hematology.Web.Analyses;
using Microsoft.Extensions.Logging;

namespace Hematology.ML.Tests.Web;

/// <summary>
/// The shipped screening models, loaded once for every web test (as <c>hemato serve</c> loads them once). The web
/// tests share one collection, so they run one after another and do not fight over the two cores.
/// </summary>
public sealed class WebAppFixture : IDisposable
{
    public WebAppFixture() => Screener = new ModelSmearScreener(ScreeningModels.Resolve());

    public ModelSmearScreener Screener { get; }

    /// <summary>The sample smear's cell images (SIMULATED MDS smear, 119 cells), in name order.</summary>
    public static IReadOnlyList<string> SampleSmear { get; } =
        Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "samples", "smear-sample"), "*.jpg").Order(StringComparer.Ordinal).ToList();

    public void Dispose() => Screener.Dispose();
}

[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web app";
}

/// <summary>
/// The load check asserts how fast /api/health answers while 20 smears are screened: other tests on the same cores
/// would measure themselves, not the server, so it runs alone (with its own models).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WebAppLoadCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web app under load (alone)";
}

/// <summary>Every log line the app writes, to prove that no patient identifier reaches one.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
