namespace Hem.Dicom.Pixels;

/// <summary>
/// Recognises the first bytes of a compressed frame, for splitting fragments into frames when no offset table
/// says where frames begin: JPEG and JPEG-LS start with SOI (FFD8), JPEG 2000 with SOC SIZ (FF4F FF51) or, from
/// some writers, a JP2 signature box.
/// </summary>
internal static class CodestreamStart
{
    private static readonly byte[] JpegSoi = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] J2kSoc = [0xFF, 0x4F, 0xFF, 0x51];
    private static readonly byte[] Jp2Signature = [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20];

    public static bool Begins(DicomTransferSyntax syntax, ReadOnlySpan<byte> fragment) => Family(syntax) switch
    {
        Codestream.Jpeg => fragment.StartsWith(JpegSoi),
        Codestream.Jpeg2000 => fragment.StartsWith(J2kSoc) || fragment.StartsWith(Jp2Signature),
        _ => false,
    };

    private enum Codestream
    {
        None,
        Jpeg,
        Jpeg2000,
    }

    private static Codestream Family(DicomTransferSyntax syntax) => syntax.Uid switch
    {
        "1.2.840.10008.1.2.4.50" or "1.2.840.10008.1.2.4.51" or "1.2.840.10008.1.2.4.57" or "1.2.840.10008.1.2.4.70"
            or "1.2.840.10008.1.2.4.80" or "1.2.840.10008.1.2.4.81" => Codestream.Jpeg,
        "1.2.840.10008.1.2.4.90" or "1.2.840.10008.1.2.4.91" or "1.2.840.10008.1.2.4.92" or "1.2.840.10008.1.2.4.93"
            or "1.2.840.10008.1.2.4.201" or "1.2.840.10008.1.2.4.202" or "1.2.840.10008.1.2.4.203" => Codestream.Jpeg2000,
        _ => Codestream.None,
    };
}
