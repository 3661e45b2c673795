using System.Security.Cryptography;
using System.Text;

namespace Hem.Dicom.Segmentation;

/// <summary>
/// The segmentation's own UIDs (series, instance, dimension organisation), derived from its content: each is
/// <c>2.25.</c> and 128 bits of SHA-256 over the role and the digest of the dataset written without them. Like the
/// keyed UIDs of de-identification and the seeded ones of <c>hem synth</c>, the same inputs give the same object, so
/// a pipeline step that is retried writes the same bytes again; any change in masks, codes, references, numbers or
/// content date gives other UIDs, so two different objects never share one.
/// </summary>
internal sealed record SegmentationUids(string Series, string Instance, string DimensionOrganization)
{
    public static SegmentationUids FromContent(DicomDataset withoutUids)
    {
        byte[] digest = SHA256.HashData(DicomWriter.ToDatasetBytes(withoutUids));
        return new SegmentationUids(Uid("series", digest), Uid("instance", digest), Uid("dimension-organization", digest));
    }

    private static string Uid(string role, byte[] digest)
    {
        byte[] prefix = Encoding.ASCII.GetBytes("hem-seg:" + role + ":");
        return DicomUid.FromBytes(SHA256.HashData([.. prefix, .. digest]).AsSpan(0, 16));
    }
}
