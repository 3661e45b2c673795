namespace Hem.Dicom.Pixels;

/// <summary>
/// Recognises vendor compression stored outside the standard Pixel Data element, so such files are refused as
/// unsupported rather than reported as broken. Elscint (later Philips) CT wrote "PMSCT_RLE1" or "PMSCT_RGB1" in
/// (07A1,xx11) of its ELSCINT1 private block and the compressed pixels in (07A1,xx0A), often with no (7FE0,0010).
/// </summary>
internal static class PrivatePixelCompression
{
    private const ushort ElscintGroup = 0x07A1;
    private const string ElscintCreator = "ELSCINT1";
    private static readonly string[] ElscintCodes = ["PMSCT_RLE1", "PMSCT_RGB1"];

    /// <summary>A description naming the scheme and where its data is, or null when the pixels are standard.</summary>
    public static string? Describe(DicomDataset dataset)
    {
        foreach (var creator in dataset.GetGroup(ElscintGroup).Where(e => e.Tag.IsPrivateCreator).ToList())
        {
            if (!string.Equals(dataset.GetString(creator.Tag), ElscintCreator, StringComparison.Ordinal))
            {
                continue;
            }

            ushort block = (ushort)(creator.Tag.Element << 8);
            var compressionTag = new DicomTag(ElscintGroup, (ushort)(block | 0x11));
            string? code = dataset.GetString(compressionTag);
            if (code is not null && ElscintCodes.Contains(code, StringComparer.Ordinal))
            {
                return $"Elscint private compression {code} (named in {compressionTag}, pixels in {new DicomTag(ElscintGroup, (ushort)(block | 0x0A))})";
            }
        }

        return null;
    }
}
