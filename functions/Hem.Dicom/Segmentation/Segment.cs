namespace Hem.Dicom.Segmentation;

/// <summary>
/// One segment of a BINARY segmentation: what it is (label, description, SNOMED CT category and type), how a viewer
/// should colour it, which algorithm drew it, and its mask over the whole volume, one byte per voxel (0 or 1), x
/// fastest, then y, then z, the order of <c>CtVolume</c> and the NIfTI outputs. The mask is checked against the
/// volume when the segmentation is written.
/// </summary>
public sealed record Segment
{
    public Segment(string label, string description, CodedConcept category, CodedConcept type, CieLabColor displayColor, SegmentAlgorithm algorithm, byte[] mask)
    {
        DicomText.RequireLongString(label, nameof(label));
        ArgumentNullException.ThrowIfNull(description);
        if (description.Length > 1024)
        {
            throw new ArgumentException("a segment description (ST) has at most 1024 characters", nameof(description));
        }

        ArgumentNullException.ThrowIfNull(category);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(mask);
        Label = label;
        Description = description;
        Category = category;
        Type = type;
        DisplayColor = displayColor;
        Algorithm = algorithm;
        Mask = mask;
    }

    /// <summary>Segment Label (LO), what viewers list.</summary>
    public string Label { get; }

    /// <summary>Segment Description (ST); empty to leave it out.</summary>
    public string Description { get; }

    /// <summary>Segmented Property Category (CID 7150).</summary>
    public CodedConcept Category { get; }

    /// <summary>Segmented Property Type (CID 7151).</summary>
    public CodedConcept Type { get; }

    public CieLabColor DisplayColor { get; }

    public SegmentAlgorithm Algorithm { get; }

    /// <summary>0 or 1 per voxel, x fastest, then y, then z.</summary>
    public byte[] Mask { get; }
}
