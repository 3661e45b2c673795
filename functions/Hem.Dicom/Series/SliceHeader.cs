using Hem.Dicom.Pixels;

namespace Hem.Dicom.Series;

/// <summary>
/// What series assembly needs to know about one slice before reading its pixels: which object and frame holds
/// it, where it lies, and how its stored values become Hounsfield units. A plain record, so the parsed header
/// (and the file buffer behind it) can be dropped once this is made.
/// </summary>
public sealed record SliceHeader(
    IDicomSource Source,
    int Frame,
    string SeriesInstanceUid,
    string? Modality,
    long? InstanceNumber,
    SliceGeometry? Geometry,
    PixelDescription Pixels,
    HounsfieldScale Scale,
    double? GantryDetectorTilt)
{
    /// <summary>A name for messages that carries no patient data: "instance 12", "frame 3 of instance 1".</summary>
    public string Label
    {
        get
        {
            string instance = InstanceNumber is { } number ? FormattableString.Invariant($"instance {number}") : "an instance without InstanceNumber";
            return Pixels.NumberOfFrames > 1 ? FormattableString.Invariant($"frame {Frame + 1} of {instance}") : instance;
        }
    }
}
