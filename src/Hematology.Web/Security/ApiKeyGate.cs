using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Hematology.Web.Security;

/// <summary>
/// With an API key configured, every request must carry it: header <c>X-Api-Key</c>, <c>Authorization: Bearer</c>
/// (lab systems), or the cookie the login form sets (the page, whose image tags cannot send headers). The cookie holds
/// a keyed hash, not the key. Only the login form itself is open. Comparisons take constant time.
/// </summary>
internal sealed class ApiKeyGate(string apiKey)
{
    public const string HeaderName = "X-Api-Key";
    public const string CookieName = "hemato_session";
    public const string LoginPath = "/login";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(apiKey.Trim());
    private readonly byte[] _session = HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiKey.Trim()), "hemato-session"u8);

    /// <summary>The cookie value that proves a login.</summary>
    public string SessionToken => Convert.ToHexStringLower(_session);

    /// <summary>True when the request carries the key or a valid session cookie.</summary>
    public bool Allows(HttpRequest request)
    {
        if (request.Headers[HeaderName].ToString() is { Length: > 0 } header) return MatchesKey(header);
        if (request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return MatchesKey(auth["Bearer ".Length..]);
        return request.Cookies[CookieName] is { } cookie
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(cookie), Encoding.ASCII.GetBytes(SessionToken));
    }

    /// <summary>True when <paramref name="candidate"/> is the key.</summary>
    public bool MatchesKey(string candidate) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate.Trim()), _key);

    /// <summary>The middleware: lets the login form and allowed requests through, sends pages to the login form, answers 401 otherwise.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.Equals(LoginPath, StringComparison.OrdinalIgnoreCase) || Allows(context.Request))
        {
            await next(context);
            return;
        }
        // A browser opening the page is sent to the login form; programs get 401.
        if (HttpMethods.IsGet(context.Request.Method) && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Redirect(LoginPath);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await context.Response.WriteAsJsonAsync(new { error = $"This server needs its API key: send it as the {HeaderName} header or log in at {LoginPath}." });
    }
}
