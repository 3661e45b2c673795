using Hem.Dicom.Pixels;

namespace Hem.Dicom.Series;

/// <summary>
/// Reads the slice headers of one DICOM object: one for a classic single-frame image, one per frame for an
/// Enhanced or Legacy Converted Enhanced multi-frame image, where each frame's position, orientation, pixel
/// spacing and rescale come from its Per-frame Functional Groups item, else from the Shared Functional Groups,
/// else from the top level (PS3.3 C.7.6.16).
/// </summary>
public static class SliceHeaderReader
{
    public static readonly DicomTag SeriesInstanceUidTag = new(0x0020, 0x000E);
    public static readonly DicomTag ModalityTag = new(0x0008, 0x0060);
    public static readonly DicomTag InstanceNumberTag = new(0x0020, 0x0013);
    public static readonly DicomTag ImagePositionPatientTag = new(0x0020, 0x0032);
    public static readonly DicomTag ImageOrientationPatientTag = new(0x0020, 0x0037);
    public static readonly DicomTag PixelSpacingTag = new(0x0028, 0x0030);
    public static readonly DicomTag RescaleInterceptTag = new(0x0028, 0x1052);
    public static readonly DicomTag RescaleSlopeTag = new(0x0028, 0x1053);
    public static readonly DicomTag PixelPaddingValueTag = new(0x0028, 0x0120);
    public static readonly DicomTag PixelPaddingRangeLimitTag = new(0x0028, 0x0121);
    public static readonly DicomTag GantryDetectorTiltTag = new(0x0018, 0x1120);
    public static readonly DicomTag SharedFunctionalGroupsTag = new(0x5200, 0x9229);
    public static readonly DicomTag PerFrameFunctionalGroupsTag = new(0x5200, 0x9230);
    public static readonly DicomTag PlanePositionSequenceTag = new(0x0020, 0x9113);
    public static readonly DicomTag PlaneOrientationSequenceTag = new(0x0020, 0x9116);
    public static readonly DicomTag PixelMeasuresSequenceTag = new(0x0028, 0x9110);
    public static readonly DicomTag PixelValueTransformationSequenceTag = new(0x0028, 0x9145);

    /// <summary>
    /// The slices this object contributes; empty when it is not an image of a series (no SeriesInstanceUID or no
    /// Rows: a DICOMDIR, a structured report). Malformed values are a <see cref="DicomFormatException"/>.
    /// </summary>
    public static IReadOnlyList<SliceHeader> Read(IDicomSource source, DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(dataset);
        string? seriesUid = dataset.GetString(SeriesInstanceUidTag);
        if (string.IsNullOrEmpty(seriesUid) || !dataset.Contains(PixelDescription.RowsTag))
        {
            return [];
        }

        var pixels = PixelDescription.Read(dataset);
        string? modality = dataset.GetString(ModalityTag);
        long? instance = dataset.GetInteger(InstanceNumberTag);
        double? tilt = dataset.GetDouble(GantryDetectorTiltTag);
        var perFrame = dataset.GetSequence(PerFrameFunctionalGroupsTag);
        var shared = dataset.GetSequence(SharedFunctionalGroupsTag) is { Items.Count: > 0 } sharedSequence ? sharedSequence.Items[0] : null;

        if (perFrame is null)
        {
            // A classic image; a multi-frame object without functional groups has one position for all frames,
            // which series assembly refuses as duplicates rather than guessing a frame spacing.
            var geometry = ReadGeometry(dataset, dataset, dataset, pixels);
            var scale = ReadScale(dataset, dataset, pixels);
            return Enumerable.Range(0, pixels.NumberOfFrames)
                .Select(frame => new SliceHeader(source, frame, seriesUid, modality, instance, geometry, pixels, scale, tilt))
                .ToList();
        }

        if (perFrame.Items.Count != pixels.NumberOfFrames)
        {
            throw new DicomFormatException($"PerFrameFunctionalGroupsSequence {PerFrameFunctionalGroupsTag} has {perFrame.Items.Count} items for {pixels.NumberOfFrames} frames");
        }

        var slices = new List<SliceHeader>(pixels.NumberOfFrames);
        for (int frame = 0; frame < pixels.NumberOfFrames; frame++)
        {
            var item = perFrame.Items[frame];
            var position = FunctionalGroup(PlanePositionSequenceTag, item, shared) ?? dataset;
            var orientation = FunctionalGroup(PlaneOrientationSequenceTag, item, shared) ?? dataset;
            var measures = FunctionalGroup(PixelMeasuresSequenceTag, item, shared) ?? dataset;
            var transformation = FunctionalGroup(PixelValueTransformationSequenceTag, item, shared) ?? dataset;
            var geometry = ReadGeometry(position, orientation, measures, pixels);
            var scale = ReadScale(transformation, dataset, pixels);
            slices.Add(new SliceHeader(source, frame, seriesUid, modality, instance, geometry, pixels, scale, tilt));
        }

        return slices;
    }

    /// <summary>The first item of a functional group macro's sequence: the frame's own, else the shared one.</summary>
    private static DicomDataset? FunctionalGroup(DicomTag sequence, DicomDataset perFrameItem, DicomDataset? shared) =>
        (perFrameItem.GetSequence(sequence) ?? shared?.GetSequence(sequence)) is { Items.Count: > 0 } found ? found.Items[0] : null;

    private static SliceGeometry? ReadGeometry(DicomDataset position, DicomDataset orientation, DicomDataset measures, PixelDescription pixels)
    {
        var ipp = position.GetDoubles(ImagePositionPatientTag);
        var iop = orientation.GetDoubles(ImageOrientationPatientTag);
        var spacing = measures.GetDoubles(PixelSpacingTag);
        if (ipp.Length == 0 || iop.Length == 0 || spacing.Length == 0)
        {
            return null;
        }

        if (ipp.Length != 3 || iop.Length != 6 || spacing.Length != 2)
        {
            throw new DicomFormatException(
                $"ImagePositionPatient, ImageOrientationPatient and PixelSpacing have {ipp.Length}, {iop.Length} and {spacing.Length} values instead of 3, 6 and 2");
        }

        if (!ipp.Concat(iop).Concat(spacing).All(double.IsFinite) || spacing[0] <= 0 || spacing[1] <= 0)
        {
            throw new DicomFormatException("ImagePositionPatient, ImageOrientationPatient or PixelSpacing holds a value that is not finite, or a spacing that is not positive");
        }

        var row = Vector3D.FromValues(iop);
        var column = Vector3D.FromValues(iop, 3);
        if (row.Length < 1e-6 || column.Length < 1e-6)
        {
            throw new DicomFormatException("ImageOrientationPatient has a zero direction");
        }

        return new SliceGeometry(Vector3D.FromValues(ipp), row.Normalized(), column.Normalized(), spacing[1], spacing[0], pixels.Rows, pixels.Columns);
    }

    private static HounsfieldScale ReadScale(DicomDataset transformation, DicomDataset image, PixelDescription pixels)
    {
        double slope = transformation.GetDouble(RescaleSlopeTag) ?? image.GetDouble(RescaleSlopeTag) ?? 1;
        double intercept = transformation.GetDouble(RescaleInterceptTag) ?? image.GetDouble(RescaleInterceptTag) ?? 0;
        if (!double.IsFinite(slope) || !double.IsFinite(intercept) || slope == 0)
        {
            throw new DicomFormatException("RescaleSlope or RescaleIntercept is not a finite number, or the slope is zero");
        }

        int? low = PaddingValue(image, PixelPaddingValueTag, pixels);
        int? high = low is null ? null : PaddingValue(image, PixelPaddingRangeLimitTag, pixels);
        if (low is { } a && high is { } b && b < a)
        {
            (low, high) = (b, a);
        }

        return new HounsfieldScale(slope, intercept, low, high);
    }

    private static int? PaddingValue(DicomDataset dataset, DicomTag tag, PixelDescription pixels)
    {
        // The value has the pixels' VR (US or SS); read through an implicit VR file it may come back unsigned.
        if (dataset.GetInteger(tag) is not { } value)
        {
            return null;
        }

        if (pixels.PixelRepresentation == 1 && pixels.BitsAllocated == 16 && value > short.MaxValue)
        {
            value -= 1 << 16;
        }

        return value is < int.MinValue or > int.MaxValue ? null : (int)value;
    }
}
