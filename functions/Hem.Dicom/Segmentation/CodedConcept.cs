namespace Hem.Dicom.Segmentation;

/// <summary>
/// A coded concept as the Code Sequence Macro writes it (PS3.3 Table 8.8-1): code value, coding scheme designator
/// and code meaning. The value and designator are SH (16 characters at most), the meaning LO (64).
/// </summary>
public sealed record CodedConcept
{
    public CodedConcept(string value, string scheme, string meaning)
    {
        DicomText.Require(value, 16, nameof(value));
        DicomText.Require(scheme, 16, nameof(scheme));
        DicomText.RequireLongString(meaning, nameof(meaning));
        Value = value;
        Scheme = scheme;
        Meaning = meaning;
    }

    public string Value { get; }

    public string Scheme { get; }

    public string Meaning { get; }

    public override string ToString() => $"({Value}, {Scheme}, \"{Meaning}\")";

    /// <summary>The concept as one item of a code sequence; <paramref name="parent"/> gives the character set.</summary>
    internal DicomDataset ToItem(DicomDataset parent)
    {
        var item = new DicomDataset(parent);
        item.SetString(DicomTags.CodeValue, DicomVR.SH, Value);
        item.SetString(DicomTags.CodingSchemeDesignator, DicomVR.SH, Scheme);
        item.SetString(DicomTags.CodeMeaning, DicomVR.LO, Meaning);
        return item;
    }

    /// <summary>A code sequence holding this concept as its one item.</summary>
    internal DicomSequence ToSequence(DicomTag tag, DicomDataset parent) => new(tag, [ToItem(parent)]);
}
