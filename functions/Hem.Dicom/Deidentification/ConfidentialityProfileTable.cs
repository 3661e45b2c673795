using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Hem.Dicom.Deidentification;

/// <summary>
/// PS3.15 Table E.1-1 (Application Level Confidentiality Profile Attributes), loaded from the embedded
/// <c>confidentiality-profile.tsv</c>. Rows are looked up by tag: an exact tag first, then the repeating-group masks
/// (curves 50xx, overlays 60xx), and for any odd group the private-attribute row.
/// </summary>
public sealed class ConfidentialityProfileTable
{
    public const string ResourceName = "Hem.Dicom.confidentiality-profile.tsv";

    /// <summary>The basic-profile codes the table uses; anything else in the file is a transcription error.</summary>
    public static readonly IReadOnlySet<string> BasicActionCodes =
        FrozenSet.ToFrozenSet<string>(["K", "X", "Z", "D", "U", "C", "X/Z", "X/D", "Z/D", "X/Z/D", "X/Z/U*"], StringComparer.Ordinal);

    /// <summary>The codes option columns use: keep, clean, or remove.</summary>
    public static readonly IReadOnlySet<string> OptionActionCodes = FrozenSet.ToFrozenSet<string>(["K", "C", "X"], StringComparer.Ordinal);

    private const string PrivateRuleTag = "(GGGG,EEEE) WHERE GGGG IS ODD";
    private const string Empty = "-";

    private static readonly Lazy<ConfidentialityProfileTable> LazyDefault = new(LoadEmbedded);

    // The TSV's option columns, in the table's order.
    private static readonly (string Column, ProfileOption Option)[] OptionColumns =
    [
        ("rtnSafePrivOpt", ProfileOption.RetainSafePrivate),
        ("rtnUIDsOpt", ProfileOption.RetainUids),
        ("rtnDevIdOpt", ProfileOption.RetainDeviceIdentity),
        ("rtnInstIdOpt", ProfileOption.RetainInstitutionIdentity),
        ("rtnPatCharsOpt", ProfileOption.RetainPatientCharacteristics),
        ("rtnLongFullDatesOpt", ProfileOption.RetainLongitudinalFullDates),
        ("rtnLongModifDatesOpt", ProfileOption.RetainLongitudinalModifiedDates),
        ("cleanDescOpt", ProfileOption.CleanDescriptors),
        ("cleanStructContOpt", ProfileOption.CleanStructuredContent),
        ("cleanGraphOpt", ProfileOption.CleanGraphics),
    ];

    private readonly Dictionary<uint, ConfidentialityProfileRow> _exact;
    private readonly (uint Mask, uint Value, ConfidentialityProfileRow Row)[] _masked;
    private readonly ConfidentialityProfileRow _privateRule;

    private ConfidentialityProfileTable(
        IReadOnlyList<ConfidentialityProfileRow> rows,
        Dictionary<uint, ConfidentialityProfileRow> exact,
        (uint, uint, ConfidentialityProfileRow)[] masked,
        ConfidentialityProfileRow privateRule)
    {
        Rows = rows;
        _exact = exact;
        _masked = masked;
        _privateRule = privateRule;
    }

    /// <summary>The table embedded in this assembly; parsed on first use only.</summary>
    public static ConfidentialityProfileTable Default => LazyDefault.Value;

    /// <summary>Every row in the standard's order (alphabetical by attribute name).</summary>
    public IReadOnlyList<ConfidentialityProfileRow> Rows { get; }

    /// <summary>The row that governs a tag, if any.</summary>
    public bool TryFind(DicomTag tag, [NotNullWhen(true)] out ConfidentialityProfileRow? row)
    {
        if ((tag.Group & 1) == 1)
        {
            row = _privateRule;
            return true;
        }

        if (_exact.TryGetValue(tag.Value, out row))
        {
            return true;
        }

        foreach (var (mask, value, masked) in _masked)
        {
            if ((tag.Value & mask) == value)
            {
                row = masked;
                return true;
            }
        }

        row = null;
        return false;
    }

    internal static ConfidentialityProfileTable Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<ConfidentialityProfileRow>(450);
        var exact = new Dictionary<uint, ConfidentialityProfileRow>(450);
        var masked = new List<(uint, uint, ConfidentialityProfileRow)>();
        ConfidentialityProfileRow? privateRule = null;
        int lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("tag\t", StringComparison.Ordinal))
            {
                continue;
            }

            var row = ParseRow(line, lineNumber);
            rows.Add(row);
            if (string.Equals(row.TagText, PrivateRuleTag, StringComparison.Ordinal))
            {
                privateRule = row;
            }
            else if (row.TagText.Contains('X', StringComparison.Ordinal))
            {
                var (mask, value) = ParseMask(row.TagText, lineNumber);
                masked.Add((mask, value, row));
            }
            else if (!exact.TryAdd(ParseTag(row.TagText, lineNumber).Value, row))
            {
                throw new InvalidDataException($"confidentiality-profile.tsv line {lineNumber}: duplicate tag");
            }
        }

        return new ConfidentialityProfileTable(rows, exact, [.. masked],
            privateRule ?? throw new InvalidDataException("confidentiality-profile.tsv has no private-attribute row"));
    }

    private static ConfidentialityProfileRow ParseRow(string line, int lineNumber)
    {
        string[] fields = line.Split('\t');
        if (fields.Length != 4 + OptionColumns.Length)
        {
            throw new InvalidDataException($"confidentiality-profile.tsv line {lineNumber}: expected {4 + OptionColumns.Length} tab-separated fields, found {fields.Length}");
        }

        if (!BasicActionCodes.Contains(fields[3]))
        {
            throw new InvalidDataException($"confidentiality-profile.tsv line {lineNumber}: unknown basic profile action '{fields[3]}'");
        }

        var options = new Dictionary<ProfileOption, string>();
        for (int i = 0; i < OptionColumns.Length; i++)
        {
            string code = fields[4 + i];
            if (string.Equals(code, Empty, StringComparison.Ordinal))
            {
                continue;
            }

            if (!OptionActionCodes.Contains(code))
            {
                throw new InvalidDataException($"confidentiality-profile.tsv line {lineNumber}: unknown action '{code}' in {OptionColumns[i].Column}");
            }

            options[OptionColumns[i].Option] = code;
        }

        bool inIod = fields[2] switch
        {
            "Y" => true,
            "N" => false,
            _ => throw new InvalidDataException($"confidentiality-profile.tsv line {lineNumber}: stdCompIOD must be Y or N"),
        };
        return new ConfidentialityProfileRow(fields[0], fields[1], inIod, fields[3], options);
    }

    private static DicomTag ParseTag(string text, int lineNumber)
    {
        try
        {
            return DicomTag.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"confidentiality-profile.tsv line {lineNumber}: '{text}' is not a tag", ex);
        }
    }

    // "(50XX,XXXX)": each X is a free hex digit.
    private static (uint Mask, uint Value) ParseMask(string text, int lineNumber) =>
        DicomTagMask.TryParse(text, out var mask)
            ? (mask.Mask, mask.Value)
            : throw new InvalidDataException($"confidentiality-profile.tsv line {lineNumber}: '{text}' is not a tag mask");

    private static ConfidentialityProfileTable LoadEmbedded()
    {
        using Stream stream = typeof(ConfidentialityProfileTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from {typeof(ConfidentialityProfileTable).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
