using System.Diagnostics.CodeAnalysis;

namespace Hem.Dicom;

// TEMPORARY stub until the generated dictionary lands (same API).
public sealed record DicomDictionaryEntry(string TagPattern, IReadOnlyList<DicomVR> ValueRepresentations, string ValueMultiplicity, string Keyword, string Name, bool Retired);

[SuppressMessage("Naming", "CA1711", Justification = "The DICOM standard calls it the data dictionary.")]
public sealed class DicomDictionary
{
    private static readonly Lazy<DicomDictionary> Instance = new(() => new DicomDictionary());
    private readonly Dictionary<uint, DicomDictionaryEntry> _entries = new()
    {
        [0x00280103] = new("00280103", [DicomVR.US], "1", "PixelRepresentation", "Pixel Representation", false),
        [0x00280100] = new("00280100", [DicomVR.US], "1", "BitsAllocated", "Bits Allocated", false),
        [0x00280101] = new("00280101", [DicomVR.US], "1", "BitsStored", "Bits Stored", false),
        [0x00280102] = new("00280102", [DicomVR.US], "1", "HighBit", "High Bit", false),
        [0x00280010] = new("00280010", [DicomVR.US], "1", "Rows", "Rows", false),
        [0x00280011] = new("00280011", [DicomVR.US], "1", "Columns", "Columns", false),
        [0x00280002] = new("00280002", [DicomVR.US], "1", "SamplesPerPixel", "Samples per Pixel", false),
        [0x00280004] = new("00280004", [DicomVR.CS], "1", "PhotometricInterpretation", "Photometric Interpretation", false),
        [0x00280008] = new("00280008", [DicomVR.IS], "1", "NumberOfFrames", "Number of Frames", false),
        [0x00080016] = new("00080016", [DicomVR.UI], "1", "SOPClassUID", "SOP Class UID", false),
        [0x00080060] = new("00080060", [DicomVR.CS], "1", "Modality", "Modality", false),
        [0x00080005] = new("00080005", [DicomVR.CS], "1-n", "SpecificCharacterSet", "Specific Character Set", false),
        [0x7FE00010] = new("7FE00010", [DicomVR.OB, DicomVR.OW], "1", "PixelData", "Pixel Data", false),
    };

    public static DicomDictionary Default => Instance.Value;

    public int Count => _entries.Count;

    public bool TryGet(DicomTag tag, [NotNullWhen(true)] out DicomDictionaryEntry? entry) => _entries.TryGetValue(tag.Value, out entry);

    public bool TryGetByKeyword(string keyword, out DicomTag tag)
    {
        var found = _entries.Values.FirstOrDefault(e => e.Keyword == keyword);
        tag = found is null ? default : new DicomTag(Convert.ToUInt32(found.TagPattern, 16));
        return found is not null;
    }

    public DicomVR DefaultVR(DicomTag tag) => TryGet(tag, out var e) ? e.ValueRepresentations[0] : DicomVR.UN;
}
