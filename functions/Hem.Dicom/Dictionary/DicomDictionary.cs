using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Hem.Dicom;

/// <summary>One data dictionary entry (PS3.6). <paramref name="TagPattern"/> is 8 upper-case hex digits, or a
/// repeater mask with lower-case 'x' for the free digits (e.g. "60xx3000"). Item and delimitation tags,
/// which have no VR, list <see cref="DicomVR.None"/> as their only VR.</summary>
public sealed record DicomDictionaryEntry(
    string TagPattern,
    IReadOnlyList<DicomVR> ValueRepresentations,
    string ValueMultiplicity,
    string Keyword,
    string Name,
    bool Retired);

/// <summary>The DICOM data dictionary, generated from pydicom's copy of PS3.6/PS3.7 (see Dictionary/README.md).</summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "PS3.6 names this the Data Dictionary; it is a lookup service, not an IDictionary.")]
public sealed class DicomDictionary
{
    private const string ResourceName = "Hem.Dicom.dicom-dictionary.tsv";
    private const string NoVR = "NONE";

    private static readonly Lazy<DicomDictionary> LazyDefault = new(LoadEmbedded);

    private readonly Dictionary<uint, DicomDictionaryEntry> _exact;
    private readonly Dictionary<string, DicomTag> _byKeyword;
    private readonly MaskedEntry[] _masked;

    private DicomDictionary(Dictionary<uint, DicomDictionaryEntry> exact, Dictionary<string, DicomTag> byKeyword, MaskedEntry[] masked)
    {
        _exact = exact;
        _byKeyword = byKeyword;
        _masked = masked;
    }

    /// <summary>The dictionary embedded in this assembly; parsed on first use only.</summary>
    public static DicomDictionary Default => LazyDefault.Value;

    /// <summary>All entries: exact tags plus repeater masks.</summary>
    public int Count => _exact.Count + _masked.Length;

    /// <summary>Exact tags first; a repeater mask only matches a tag no exact entry covers.</summary>
    public bool TryGet(DicomTag tag, [NotNullWhen(true)] out DicomDictionaryEntry? entry)
    {
        if (_exact.TryGetValue(tag.Value, out entry))
        {
            return true;
        }

        // Repeating groups (50xx curves, 60xx overlays) are even groups; an odd group is private, and
        // 6001,3000 must not be mistaken for Overlay Data.
        if (!tag.IsPrivate)
        {
            foreach (var masked in _masked)
            {
                if ((tag.Value & masked.Mask) == masked.Value)
                {
                    entry = masked.Entry;
                    return true;
                }
            }
        }

        entry = null;
        return false;
    }

    /// <summary>Repeater keywords are left out: a keyword such as OverlayData names a family of tags, not one tag.</summary>
    public bool TryGetByKeyword(string keyword, out DicomTag tag)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        return _byKeyword.TryGetValue(keyword, out tag);
    }

    /// <summary>The VR an implicit-VR reader should assume: the first VR the dictionary lists.</summary>
    public DicomVR DefaultVR(DicomTag tag)
    {
        // Every group length is UL (PS3.5 7.2), private groups included, and most are not in PS3.6.
        if (tag.IsGroupLength)
        {
            return DicomVR.UL;
        }

        if (tag.IsPrivate)
        {
            // Private creators are always LO (PS3.5 7.8.1); readers need them as text to resolve private blocks.
            return tag.IsPrivateCreator ? DicomVR.LO : DicomVR.UN;
        }

        return TryGet(tag, out var entry) ? entry.ValueRepresentations[0] : DicomVR.UN;
    }

    /// <summary>Parses the TSV written by generate_dictionary.py.</summary>
    internal static DicomDictionary Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var exact = new Dictionary<uint, DicomDictionaryEntry>(5000);
        var byKeyword = new Dictionary<string, DicomTag>(5000, StringComparer.Ordinal);
        var masked = new List<MaskedEntry>();
        int lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("tag\t", StringComparison.Ordinal))
            {
                continue;
            }

            string[] fields = line.Split('\t');
            if (fields.Length != 6)
            {
                throw new InvalidDataException($"dicom-dictionary.tsv line {lineNumber}: expected 6 tab-separated fields, found {fields.Length}");
            }

            string pattern = fields[0];
            var entry = new DicomDictionaryEntry(pattern, ParseVRs(fields[1], lineNumber), fields[2], fields[3], fields[5],
                string.Equals(fields[4], "1", StringComparison.Ordinal));
            if (pattern.Contains('x', StringComparison.Ordinal))
            {
                masked.Add(ParseMask(entry, lineNumber));
                continue;
            }

            if (pattern.Length != 8 || !uint.TryParse(pattern, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint value))
            {
                throw new InvalidDataException($"dicom-dictionary.tsv line {lineNumber}: '{pattern}' is not a tag");
            }

            if (!exact.TryAdd(value, entry))
            {
                throw new InvalidDataException($"dicom-dictionary.tsv line {lineNumber}: duplicate tag {pattern}");
            }

            // Six retired entries have no keyword; they are still looked up by tag.
            if (entry.Keyword.Length > 0 && !byKeyword.TryAdd(entry.Keyword, new DicomTag(value)))
            {
                throw new InvalidDataException($"dicom-dictionary.tsv line {lineNumber}: duplicate keyword {entry.Keyword}");
            }
        }

        return new DicomDictionary(exact, byKeyword, [.. masked]);
    }

    private static DicomDictionary LoadEmbedded()
    {
        using Stream stream = typeof(DicomDictionary).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from {typeof(DicomDictionary).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }

    private static DicomVR[] ParseVRs(string text, int lineNumber)
    {
        if (string.Equals(text, NoVR, StringComparison.Ordinal))
        {
            return [DicomVR.None];
        }

        // pydicom lists alternatives as "US or SS", "OB or OW", "US or SS or OW".
        string[] codes = text.Split(" or ", StringSplitOptions.None);
        var vrs = new DicomVR[codes.Length];
        for (int i = 0; i < codes.Length; i++)
        {
            try
            {
                vrs[i] = DicomVR.Parse(codes[i]);
            }
            catch (FormatException ex)
            {
                throw new InvalidDataException($"dicom-dictionary.tsv line {lineNumber}: bad VR '{text}'", ex);
            }
        }

        return vrs;
    }

    private static MaskedEntry ParseMask(DicomDictionaryEntry entry, int lineNumber) =>
        DicomTagMask.TryParse(entry.TagPattern, out var mask)
            ? new MaskedEntry(mask.Mask, mask.Value, entry)
            : throw new InvalidDataException($"dicom-dictionary.tsv line {lineNumber}: '{entry.TagPattern}' is not a tag mask");

    private readonly record struct MaskedEntry(uint Mask, uint Value, DicomDictionaryEntry Entry);
}
