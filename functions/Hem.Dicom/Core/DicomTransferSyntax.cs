namespace Hem.Dicom;

/// <summary>A transfer syntax (PS3.5 section 10 and Annex A): how the dataset and its pixel data are encoded.</summary>
public sealed record DicomTransferSyntax(
    string Uid,
    string Name,
    bool ExplicitVR,
    bool LittleEndian,
    bool Deflated,
    bool Encapsulated,
    bool Lossy)
{
    public static readonly DicomTransferSyntax ImplicitVRLittleEndian = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, true, false, false, false);
    public static readonly DicomTransferSyntax ExplicitVRLittleEndian = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, true, false, false, false);
    public static readonly DicomTransferSyntax DeflatedExplicitVRLittleEndian = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, true, true, false, false);
    public static readonly DicomTransferSyntax ExplicitVRBigEndian = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, false, false, false, false);
    public static readonly DicomTransferSyntax JpegBaseline = Compressed("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", lossy: true);
    public static readonly DicomTransferSyntax JpegExtended = Compressed("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", lossy: true);
    public static readonly DicomTransferSyntax JpegLossless = Compressed("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", lossy: false);
    public static readonly DicomTransferSyntax JpegLosslessSV1 = Compressed("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", lossy: false);
    public static readonly DicomTransferSyntax JpegLsLossless = Compressed("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression", lossy: false);
    public static readonly DicomTransferSyntax JpegLsNearLossless = Compressed("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression", lossy: true);
    public static readonly DicomTransferSyntax Jpeg2000Lossless = Compressed("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", lossy: false);
    public static readonly DicomTransferSyntax Jpeg2000 = Compressed("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", lossy: true);
    public static readonly DicomTransferSyntax RleLossless = Compressed("1.2.840.10008.1.2.5", "RLE Lossless", lossy: false);

    private static readonly DicomTransferSyntax[] Others =
    [
        Compressed("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)", false),
        Compressed("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression", true),
        Compressed("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)", false),
        Compressed("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)", false),
        Compressed("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression", true),
        Compressed("1.2.840.10008.1.2.8.1", "Deflated Image Frame Compression", false),
        Compressed("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", true),
        Compressed("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level", true),
        Compressed("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1", true),
        Compressed("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", true),
        Compressed("1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", true),
        Compressed("1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", true),
        Compressed("1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", true),
        Compressed("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1", true),
        Compressed("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1", true),
    ];

    private static readonly Dictionary<string, DicomTransferSyntax> ByUid = new DicomTransferSyntax[]
    {
        ImplicitVRLittleEndian, ExplicitVRLittleEndian, DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian,
        JpegBaseline, JpegExtended, JpegLossless, JpegLosslessSV1, JpegLsLossless, JpegLsNearLossless,
        Jpeg2000Lossless, Jpeg2000, RleLossless,
    }.Concat(Others).ToDictionary(ts => ts.Uid, StringComparer.Ordinal);

    /// <summary>
    /// The syntax for a UID. An unknown UID is taken as an explicit VR little endian encapsulated syntax, which
    /// every standard syntax after the first four is (PS3.5 A.4), so the dataset stays readable and only its
    /// pixel data is refused as unsupported.
    /// </summary>
    public static DicomTransferSyntax FromUid(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        string trimmed = uid.TrimEnd('\0', ' ');
        return ByUid.TryGetValue(trimmed, out var ts) ? ts : new DicomTransferSyntax(trimmed, "unknown transfer syntax", true, true, false, true, false);
    }

    /// <summary>Whether the UID is one of the standard syntaxes listed here (not one taken on trust by <see cref="FromUid"/>).</summary>
    public bool IsKnown => ByUid.ContainsKey(Uid);

    public override string ToString() => $"{Uid} ({Name})";

    private static DicomTransferSyntax Compressed(string uid, string name, bool lossy) => new(uid, name, true, true, false, true, lossy);
}
