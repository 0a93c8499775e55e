using System.Net;
using Hematology.ML;
using Microsoft.AspNetCore.Http;

namespace Hematology.Web.Security;

/// <summary>Which addresses only this machine can reach, and the rule that anything wider needs an API key.</summary>
public static class ListenAddresses
{
    /// <summary>The addresses of a <c>--urls</c> value (semicolon- or comma-separated).</summary>
    public static IReadOnlyList<string> Split(string urls) =>
        urls.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// True when <paramref name="url"/> listens on loopback only (<c>localhost</c>, 127.0.0.0/8, <c>[::1]</c>);
    /// wildcards (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>) and every other host are not.
    /// </summary>
    public static bool IsLoopback(string url)
    {
        var host = HostOf(url);
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>Refuses to listen beyond loopback without an API key.</summary>
    /// <exception cref="HematologyException">A non-loopback address and no key.</exception>
    public static void RequireKeyBeyondLoopback(string urls, string? apiKey)
    {
        if (!string.IsNullOrWhiteSpace(apiKey)) return;
        if (Split(urls).FirstOrDefault(u => !IsLoopback(u)) is { } open)
            throw new HematologyException(
                $"Refusing to listen on {open} without an API key: give --api-key-file or set HEMATOLOGY_ML_API_KEY, or listen on 127.0.0.1.");
    }

    /// <summary>
    /// Without an API key, the middleware that answers 403 to any request that reached the server on an address
    /// other than loopback: configuration (ASPNETCORE_URLS, a Kestrel section) can add listeners that
    /// <see cref="RequireKeyBeyondLoopback"/> never saw, so every request is checked too.
    /// </summary>
    public static async Task LoopbackOnly(HttpContext context, RequestDelegate next)
    {
        if (context.Connection.LocalIpAddress is { } local && !IPAddress.IsLoopback(local))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsJsonAsync(new { error = "This server has no API key and answers on loopback only." });
            return;
        }
        await next(context);
    }

    // "http://host:port/path", with IPv6 hosts in brackets; "*" and "+" are not URIs, so the host is cut out by hand.
    private static string HostOf(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        if (rest.StartsWith('[')) return rest[..(rest.IndexOf(']') is var end and > 0 ? end + 1 : rest.Length)];
        var stop = rest.IndexOfAny([':', '/']);
        return stop < 0 ? rest : rest[..stop];
    }
}
