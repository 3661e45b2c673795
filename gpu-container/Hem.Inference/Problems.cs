using System.Globalization;
using Hem.Prediction.Transport;

namespace Hem.Inference;

/// <summary>
/// Every error the service gives, as RFC 7807 problem details with a stable <c>type</c> a client can switch on
/// (docs/INFERENCE-API.md lists them). Details name the fault, never a value from the payload.
/// </summary>
public static class Problems
{
    public const string TypePrefix = "urn:hem:inference:";

    public static IResult Of(VolumeBundleException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex.Problem switch
        {
            BundleProblem.TooLarge => Make(StatusCodes.Status413PayloadTooLarge, "too-large", "Request too large", ex.Message),
            BundleProblem.WrongDataType => Make(StatusCodes.Status422UnprocessableEntity, "wrong-dtype", "Wrong data type", ex.Message),
            BundleProblem.WrongShape => Make(StatusCodes.Status422UnprocessableEntity, "wrong-shape", "Wrong shape", ex.Message),
            BundleProblem.WrongGeometry => Make(StatusCodes.Status422UnprocessableEntity, "wrong-geometry", "Wrong geometry", ex.Message),
            BundleProblem.WrongValues => Make(StatusCodes.Status422UnprocessableEntity, "wrong-values", "Values out of range", ex.Message),
            _ => Make(StatusCodes.Status400BadRequest, "corrupt-payload", "Corrupt payload", ex.Message),
        };
    }

    public static IResult UnsupportedMediaType(string? given) => Make(
        StatusCodes.Status415UnsupportedMediaType,
        "unsupported-media-type",
        "Unsupported media type",
        $"the body must be {VolumeBundle.MediaType}, not {(string.IsNullOrEmpty(given) ? "missing" : "'" + given + "'")}");

    public static IResult TooLarge(long limit) => Make(
        StatusCodes.Status413PayloadTooLarge, "too-large", "Request too large", $"the body is larger than the {limit} bytes this service accepts");

    public static IResult Unauthenticated(string detail) => Make(
        StatusCodes.Status401Unauthorized, "unauthenticated", "Unauthenticated", detail);

    public static IResult Forbidden(string detail) => Make(
        StatusCodes.Status403Forbidden, "forbidden", "Forbidden", detail);

    public static IResult TimedOut(double seconds) => Make(
        StatusCodes.Status503ServiceUnavailable, "timeout", "Prediction timed out", string.Create(CultureInfo.InvariantCulture, $"the prediction did not finish within {seconds:0.###} s"));

    public static IResult Unavailable(string type, string title, string detail) => Make(
        StatusCodes.Status503ServiceUnavailable, type, title, detail);

    private static IResult Make(int status, string type, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: TypePrefix + type);
}
