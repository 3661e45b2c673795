namespace Hem.Dicom.Segmentation;

/// <summary>
/// The software that produced a segment: written as Segment Algorithm Name and as the Segmentation Algorithm
/// Identification Sequence (algorithm family, name and version, PS3.3 Table 10-19), so a reader can tell which model
/// version drew a mask. Name and version are LO (64 characters at most).
/// </summary>
public sealed record SegmentAlgorithm
{
    public SegmentAlgorithm(string name, string version, CodedConcept family)
    {
        DicomText.RequireLongString(name, nameof(name));
        DicomText.RequireLongString(version, nameof(version));
        ArgumentNullException.ThrowIfNull(family);
        Name = name;
        Version = version;
        Family = family;
    }

    public string Name { get; }

    public string Version { get; }

    /// <summary>A CID 7162 algorithm family, for example <see cref="SegmentationCodes.ArtificialIntelligence"/>.</summary>
    public CodedConcept Family { get; }
}
