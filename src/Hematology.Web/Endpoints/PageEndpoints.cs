using System.Reflection;
using Hematology.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hematology.Web.Endpoints;

/// <summary>The page (index.html, app.js, app.css, embedded in the assembly) and, with an API key, the login form.</summary>
internal static class PageEndpoints
{
    private static readonly Assembly Assembly = typeof(PageEndpoints).Assembly;

    public static void Map(IEndpointRouteBuilder app, ApiKeyGate? gate)
    {
        app.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/app.js", () => Asset("app.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/app.css", () => Asset("app.css", "text/css; charset=utf-8")).ExcludeFromDescription();
        if (gate is null) return;
        app.MapGet(ApiKeyGate.LoginPath, () => Asset("login.html", "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapPost(ApiKeyGate.LoginPath, async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (!gate.MatchesKey(form["key"].ToString())) return Results.Redirect(ApiKeyGate.LoginPath + "?failed=1");
            context.Response.Cookies.Append(ApiKeyGate.CookieName, gate.SessionToken, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, Path = "/",
            });
            return Results.Redirect("/");
        }).DisableAntiforgery().ExcludeFromDescription();
    }

    private static IResult Asset(string name, string contentType)
    {
        var stream = Assembly.GetManifestResourceStream("wwwroot/" + name) ?? throw new InvalidOperationException($"The page asset {name} is not embedded.");
        return Results.Stream(stream, contentType);
    }
}
