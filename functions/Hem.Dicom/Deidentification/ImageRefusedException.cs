using System.Diagnostics.CodeAnalysis;

namespace Hem.Dicom.Deidentification;

/// <summary>Why <see cref="ImageSafetyPolicy"/> refuses an object. The codes are stable: logs and tests match them.</summary>
public enum RefusalReason
{
    BurnedInAnnotation,
    EncapsulatedDocument,
    SecondaryCapture,
    CapturedImage,
    ScreenshotImageType,
    DocumentModality,
}

/// <summary>
/// An object that must not be de-identified and passed on, because identifying content may be in its pixels or
/// payload. <see cref="ReasonCode"/> is stable; the message names the attribute that decided, never its value.
/// </summary>
[SuppressMessage("Design", "CA1032:Implement standard exception constructors",
    Justification = "a refusal always has a reason, and its message is derived from it so no caller can put a value in it")]
public sealed class ImageRefusedException : Exception
{
    public ImageRefusedException(RefusalReason reason)
        : base(Describe(reason))
    {
        Reason = reason;
    }

    public RefusalReason Reason { get; }

    /// <summary>The reason as a stable kebab-case code, e.g. "secondary-capture".</summary>
    public string ReasonCode => Code(Reason);

    public static string Code(RefusalReason reason) => reason switch
    {
        RefusalReason.BurnedInAnnotation => "burned-in-annotation",
        RefusalReason.EncapsulatedDocument => "encapsulated-document",
        RefusalReason.SecondaryCapture => "secondary-capture",
        RefusalReason.CapturedImage => "captured-image",
        RefusalReason.ScreenshotImageType => "screenshot-image-type",
        RefusalReason.DocumentModality => "document-modality",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    private static string Describe(RefusalReason reason) => Code(reason) + ": " + reason switch
    {
        RefusalReason.BurnedInAnnotation => "Burned In Annotation (0028,0301) says identifying text is burned into the pixels",
        RefusalReason.EncapsulatedDocument => "an Encapsulated Document SOP Class (0008,0016) carries a document that cannot be de-identified",
        RefusalReason.SecondaryCapture => "a Secondary Capture SOP Class (0008,0016) may be a screenshot or scanned document",
        RefusalReason.CapturedImage => "Conversion Type (0008,0064) marks a captured, not an acquired, image",
        RefusalReason.ScreenshotImageType => "Image Type (0008,0008) marks a screen save or report page",
        RefusalReason.DocumentModality => "Modality (0008,0060) marks a document",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
