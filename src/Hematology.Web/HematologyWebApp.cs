using System.Text.Json;
using Hematology.ML.Database;
using Hematology.Web.Analyses;
using Hematology.Web.Endpoints;
using Hematology.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hematology.Web;

/// <summary>
/// The lab web app (<c>hemato serve</c>): a page to drop one smear's cell images on, and the API under it
/// (<c>/api/smears</c>, <c>/api/health</c>, OpenAPI at <c>/openapi/v1.json</c>). Loopback only unless an API key is
/// configured; uploads checked by content and limits; screens in a bounded background queue; analyses in the database.
/// </summary>
public static class HematologyWebApp
{
    /// <summary>
    /// Builds the app over loaded models. <paramref name="configure"/> may change the builder last (tests use the
    /// test host). Start it with <c>RunAsync</c>/<c>StartAsync</c>.
    /// </summary>
    /// <exception cref="ML.HematologyException">Invalid options, a non-loopback address without an API key, or a database that cannot be opened.</exception>
    public static WebApplication Build(HematologyWebOptions options, ISmearScreener screener, Action<WebApplicationBuilder>? configure = null)
    {
        options.Validate();
        ListenAddresses.RequireKeyBeyondLoopback(options.Urls, options.ApiKey);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(HematologyWebApp).Assembly.GetName().Name });
        builder.WebHost.UseUrls(options.Urls);
        // Request logging at Information would print every URL; the API never carries a patient identifier in one,
        // but quiet framework logs keep it that way for whatever a client sends.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(screener);
        builder.Services.AddSingleton(new SmearAnalysisStore(options.DatabaseLocation));
        builder.Services.AddSingleton(new AnalysisFolders(options.DataFolder));
        builder.Services.AddSingleton(ReferencePseudonyms.For(options));
        builder.Services.AddSingleton<ScreeningQueue>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ScreeningQueue>());
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            context.Response.Headers["X-Content-Type-Options"] = "nosniff";
            context.Response.Headers["Content-Security-Policy"] =
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'";
            await next(context);
        });
        var gate = options.ApiKey is { Length: > 0 } key ? new ApiKeyGate(key) : null;
        if (gate is not null) app.Use(gate.InvokeAsync);
        else app.Use(ListenAddresses.LoopbackOnly);
        app.MapOpenApi();
        SmearEndpoints.Map(app);
        PageEndpoints.Map(app, gate);
        return app;
    }
}
