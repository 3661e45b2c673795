namespace Hem.Dicom.Segmentation;

/// <summary>A single-frame image of the source series, as written: what a segmentation frame names as its source.</summary>
public sealed record SourceImage
{
    public SourceImage(string sopClassUid, string sopInstanceUid)
    {
        SopClassUid = SourceSeries.RequireUid(sopClassUid, nameof(sopClassUid));
        SopInstanceUid = SourceSeries.RequireUid(sopInstanceUid, nameof(sopInstanceUid));
    }

    public string SopClassUid { get; }

    public string SopInstanceUid { get; }
}
