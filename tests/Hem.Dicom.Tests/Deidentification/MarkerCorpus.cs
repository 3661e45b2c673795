using System.Globalization;
using System.Text;
using Hem.Dicom.Deidentification;

namespace Hem.Dicom.Tests.Deidentification;

/// <summary>
/// Builds a dataset in which every attribute of Table E.1-1 holds a unique, searchable marker, at the top level and
/// inside nested sequences three levels deep, together with private blocks (several creators, a private sequence
/// with nested private tags), an illegal odd group, curves and overlays. After de-identification none of the
/// markers may be found anywhere in the written bytes.
/// <list type="bullet">
/// <item>text VRs: "MRK" and five digits (MRK00001);</item>
/// <item>DA: a date, 731 days (more than twice the largest shift) from every other marker date, so a shifted date
/// can never land on another marker; DT: such a date with a time; TM: 23:59:59 with a unique fraction;</item>
/// <item>AS, IS, DS: unique numbers ("-7000123" and "8000123.5" cannot occur inside a 2.25 UID);</item>
/// <item>UI: 1.2.3.999.n; binary VRs: the ASCII bytes of a text marker, padded to 16.</item>
/// </list>
/// </summary>
internal sealed class MarkerCorpus
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    /// <summary>A non-table sequence that is kept, carrying the next level's attributes.</summary>
    private static readonly DicomTag Carrier = new(0x0008, 0x1115);

    private readonly ConfidentialityProfileTable _table = ConfidentialityProfileTable.Default;
    private readonly DicomDictionary _dictionary = DicomDictionary.Default;
    private readonly List<Marker> _markers = [];
    private int _next;
    private readonly int _firstNumber;

    public MarkerCorpus(int firstNumber = 1) => _firstNumber = _next = firstNumber;

    public IReadOnlyList<Marker> Markers => _markers;

    /// <summary>How many numbers one corpus uses, so several corpora can be made with disjoint markers.</summary>
    public const int NumbersPerCorpus = 5_000;

    /// <summary>A marker, what it was put in, and whether an option may keep it.</summary>
    public sealed record Marker(string Text, string Attribute, int Level, ConfidentialityProfileRow? Row, DicomVR VR, bool InTableSequence = false);

    public DicomDataset Build()
    {
        var top = new DicomDataset();
        top.SetString(new DicomTag(0x0008, 0x0005), DicomVR.CS, "ISO_IR 100");
        top.SetString(DicomTags.SOPClassUID, DicomVR.UI, CtImageStorage);
        top.SetString(DicomTags.Modality, DicomVR.CS, "CT");
        FillLevel(top, level: 0);
        AddPrivateBlocks(top, level: 0);
        AddCurvesAndOverlays(top);

        var parent = top;
        for (int level = 1; level <= 3; level++)
        {
            var item = new DicomDataset(parent);
            FillLevel(item, level);
            if (level < 3)
            {
                AddPrivateBlocks(item, level);
            }

            parent.Set(new DicomSequence(Carrier, [item]));
            parent = item;
        }

        return top;
    }

    public byte[] ToPart10() => DicomWriter.ToPart10Bytes(Build());

    private void FillLevel(DicomDataset dataset, int level)
    {
        foreach (var row in _table.Rows)
        {
            if (row.TagText.Contains('X', StringComparison.Ordinal) || row.TagText.StartsWith("(GGGG", StringComparison.Ordinal))
            {
                continue;
            }

            var tag = DicomTag.Parse(row.TagText);
            var vr = VRFor(tag);
            if (vr == DicomVR.SQ)
            {
                var item = new DicomDataset(dataset);
                foreach (var leaf in new[] { DicomTags.PatientName, DicomTags.PatientID, DicomTags.AccessionNumber, DicomTags.InstitutionName, DicomTags.StudyDate, DicomTags.ReferencedSOPInstanceUID, DicomTags.ContentTime })
                {
                    Put(item, leaf, level + 1, RowOf(leaf), inTableSequence: true);
                }

                dataset.Set(new DicomSequence(tag, [item]));
                continue;
            }

            Put(dataset, tag, level, row);
        }
    }

    private void AddPrivateBlocks(DicomDataset dataset, int level)
    {
        // Two blocks in group 0009, one in 0011 with a private sequence whose item has its own private block and a
        // nested private sequence; and an illegal odd group below 0009.
        PutText(dataset, new DicomTag(0x0009, 0x0010), DicomVR.LO, level, "private creator");
        PutText(dataset, new DicomTag(0x0009, 0x0011), DicomVR.LO, level, "private creator");
        PutText(dataset, new DicomTag(0x0009, 0x1001), DicomVR.LO, level, "private LO");
        PutBinary(dataset, new DicomTag(0x0009, 0x1002), DicomVR.UN, level, "private UN");
        PutText(dataset, new DicomTag(0x0009, 0x1101), DicomVR.PN, level, "private PN");
        Put(dataset, new DicomTag(0x0009, 0x1102), level, null, DicomVR.DA);
        PutText(dataset, new DicomTag(0x0011, 0x0010), DicomVR.LO, level, "private creator");
        var inner = new DicomDataset(dataset);
        PutText(inner, new DicomTag(0x0013, 0x0010), DicomVR.LO, level + 1, "private creator");
        PutText(inner, new DicomTag(0x0013, 0x1001), DicomVR.LT, level + 1, "private LT");
        Put(inner, DicomTags.PatientName, level + 1, RowOf(DicomTags.PatientName));
        var innermost = new DicomDataset(inner);
        PutText(innermost, new DicomTag(0x0015, 0x0010), DicomVR.LO, level + 2, "private creator");
        PutText(innermost, new DicomTag(0x0015, 0x1001), DicomVR.SH, level + 2, "private SH");
        inner.Set(new DicomSequence(new DicomTag(0x0013, 0x1002), [innermost]));
        dataset.Set(new DicomSequence(new DicomTag(0x0011, 0x1001), [inner]));
        PutText(dataset, new DicomTag(0x0007, 0x0010), DicomVR.LO, level, "illegal odd group");
    }

    private void AddCurvesAndOverlays(DicomDataset dataset)
    {
        PutText(dataset, new DicomTag(0x5000, 0x2500), DicomVR.LO, 0, "curve label");
        PutBinary(dataset, new DicomTag(0x5000, 0x3000), DicomVR.OB, 0, "curve data");
        PutText(dataset, new DicomTag(0x5002, 0x0022), DicomVR.LO, 0, "curve description");
        PutBinary(dataset, new DicomTag(0x6000, 0x3000), DicomVR.OW, 0, "overlay data");
        PutText(dataset, new DicomTag(0x6000, 0x4000), DicomVR.LT, 0, "overlay comments");
        PutText(dataset, new DicomTag(0x6002, 0x0022), DicomVR.LO, 0, "overlay description");
    }

    private ConfidentialityProfileRow RowOf(DicomTag tag) =>
        _table.TryFind(tag, out var row) ? row : throw new InvalidOperationException($"{tag} is not in the table");

    private DicomVR VRFor(DicomTag tag) =>
        _dictionary.TryGet(tag, out var entry) && entry.ValueRepresentations[0] != DicomVR.None ? entry.ValueRepresentations[0] : DicomVR.LO;

    private void Put(DicomDataset dataset, DicomTag tag, int level, ConfidentialityProfileRow? row, DicomVR? forcedVR = null, bool inTableSequence = false)
    {
        var vr = forcedVR ?? VRFor(tag);
        string name = row?.Name ?? tag.ToString();
        int n = _next++;
        string text;
        if (vr == DicomVR.DA)
        {
            text = Date(n).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        }
        else if (vr == DicomVR.DT)
        {
            text = Date(n).ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "121314";
        }
        else if (vr == DicomVR.TM)
        {
            text = string.Create(CultureInfo.InvariantCulture, $"235959.{n:D6}");
        }
        else if (vr == DicomVR.AS)
        {
            text = string.Create(CultureInfo.InvariantCulture, $"{n % 1000:D3}W");
        }
        else if (vr == DicomVR.IS)
        {
            text = string.Create(CultureInfo.InvariantCulture, $"-{7_000_000 + n}");
        }
        else if (vr == DicomVR.DS)
        {
            text = string.Create(CultureInfo.InvariantCulture, $"{8_000_000 + n}.5");
        }
        else if (vr == DicomVR.UI)
        {
            text = string.Create(CultureInfo.InvariantCulture, $"1.2.3.999.{n}");
        }
        else if (vr.IsText)
        {
            text = TextMarker(n);
        }
        else
        {
            text = TextMarker(n);
            dataset.Set(new DicomValueElement(tag, vr, Binary(text)));
            _markers.Add(new Marker(text, name, level, row, vr, inTableSequence));
            return;
        }

        dataset.Set(new DicomValueElement(tag, vr, Encoding.ASCII.GetBytes(text)));
        _markers.Add(new Marker(text, name, level, row, vr, inTableSequence));
    }

    private void PutText(DicomDataset dataset, DicomTag tag, DicomVR vr, int level, string what)
    {
        string text = TextMarker(_next++);
        dataset.Set(new DicomValueElement(tag, vr, Encoding.ASCII.GetBytes(text)));
        _markers.Add(new Marker(text, what, level, null, vr));
    }

    private void PutBinary(DicomDataset dataset, DicomTag tag, DicomVR vr, int level, string what)
    {
        string text = TextMarker(_next++);
        dataset.Set(new DicomValueElement(tag, vr, Binary(text)));
        _markers.Add(new Marker(text, what, level, null, vr));
    }

    // Sixteen bytes fill whole values of every binary VR (2, 4 or 8 bytes wide).
    private static byte[] Binary(string text) => Encoding.ASCII.GetBytes(text.PadRight(16, 'Z'));

    private static string TextMarker(int n) => n < 100_000
        ? string.Create(CultureInfo.InvariantCulture, $"MRK{n:D5}")
        : throw new InvalidOperationException("markers are five digits");

    // Year 1000 onwards, 731 days apart: a shift of at most 365 days cannot turn one marker date into another.
    private DateOnly Date(int n) => new DateOnly(1000, 1, 1).AddDays((n - _firstNumber) * 731);
}
