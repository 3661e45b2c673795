using Microsoft.AspNetCore.Mvc;

namespace Hem.Functions;

/// <summary>RFC 9457 problem details answers; the detail is written by the app, never copied from a request.</summary>
internal static class Problems
{
    public static ObjectResult Of(int status, string title, string detail) =>
        new(new ProblemDetails { Status = status, Title = title, Detail = detail })
        {
            StatusCode = status,
            ContentTypes = { "application/problem+json" },
        };
}
