namespace Hem.Dicom.Pixels;

/// <summary>
/// What <c>hem dicom info</c> reports: the encoding and image attributes of one file, and statistics of its
/// decoded stored values (null when the file has no pixel data). Holds no patient attributes.
/// </summary>
public sealed record DicomImageSummary(
    string TransferSyntaxUid,
    string? SopClassUid,
    string? Modality,
    int? Rows,
    int? Columns,
    int? Frames,
    int? BitsAllocated,
    int? BitsStored,
    int? PixelRepresentation,
    string? PhotometricInterpretation,
    PixelStatistics? Pixels)
{
    private static readonly DicomTag SopClassUidTag = new(0x0008, 0x0016);
    private static readonly DicomTag ModalityTag = new(0x0008, 0x0060);

    public static async Task<DicomImageSummary> CreateAsync(DicomFile file, PixelDecoder decoder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(decoder);
        var dataset = file.Dataset;
        PixelStatistics? pixels = null;
        PixelDescription? description = null;
        if (PixelDecoder.HasPixelData(dataset))
        {
            var frames = await decoder.OpenAsync(file, cancellationToken);
            description = frames.Description;
            pixels = PixelStatistics.Compute(frames, cancellationToken);
        }

        return new DicomImageSummary(
            file.TransferSyntax.Uid,
            dataset.GetString(SopClassUidTag),
            dataset.GetString(ModalityTag),
            description?.Rows ?? AsInt(dataset.GetInteger(PixelDescription.RowsTag)),
            description?.Columns ?? AsInt(dataset.GetInteger(PixelDescription.ColumnsTag)),
            description?.NumberOfFrames ?? AsInt(dataset.GetInteger(PixelDescription.NumberOfFramesTag)),
            description?.BitsAllocated ?? AsInt(dataset.GetInteger(PixelDescription.BitsAllocatedTag)),
            description?.BitsStored ?? AsInt(dataset.GetInteger(PixelDescription.BitsStoredTag)),
            description?.PixelRepresentation ?? AsInt(dataset.GetInteger(PixelDescription.PixelRepresentationTag)),
            description?.PhotometricInterpretation ?? dataset.GetString(PixelDescription.PhotometricInterpretationTag),
            pixels);
    }

    private static int? AsInt(long? value) => value is >= int.MinValue and <= int.MaxValue ? (int)value : null;
}
