using System.Text;

namespace Hem.Dicom.Deidentification;

/// <summary>
/// Applies PS3.15 Annex E to one object: every element, at every depth of nested sequences, gets the action of its
/// Table E.1-1 row (resolved by <see cref="ProfileActionResolver"/>), or of <see cref="BeyondTableRules"/> when the
/// table does not list it. Before any table lookup, all private attributes (odd groups, including private creators
/// and private sequences) and the curve (50xx) and overlay (60xx) groups are removed. The result is a new dataset;
/// the source is never changed. Objects <see cref="ImageSafetyPolicy"/> refuses are not de-identified at all.
/// Thread-safe: holds no state between objects.
/// </summary>
public sealed class DatasetDeidentifier
{
    private readonly DeidentificationKey _key;
    private readonly DeidentificationOptions _options;
    private readonly ConfidentialityProfileTable _table;
    private readonly DicomDictionary _dictionary;
    private readonly UidReplacer _uids;
    private readonly ProfileActionResolver _resolver;
    private readonly BeyondTableRules _beyondTable;

    public DatasetDeidentifier(DeidentificationKey key, DeidentificationOptions options, ConfidentialityProfileTable? table = null, DicomDictionary? dictionary = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _key = key;
        _options = options;
        _table = table ?? ConfidentialityProfileTable.Default;
        _dictionary = dictionary ?? DicomDictionary.Default;
        _uids = new UidReplacer(key);
        _resolver = new ProfileActionResolver(options);
        _beyondTable = new BeyondTableRules(options);
    }

    public DeidentificationOptions Options => _options;

    /// <summary>
    /// De-identifies one object. Throws <see cref="ImageRefusedException"/> for an object the safety policy refuses
    /// and <see cref="DicomFormatException"/> for one without a SOP Instance UID (it could not be named or stored).
    /// </summary>
    public DeidentifiedObject Deidentify(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        ImageSafetyPolicy.EnsureSafe(file);
        var source = file.Dataset;
        if (string.IsNullOrEmpty(source.GetString(DicomTags.SOPInstanceUID)) || string.IsNullOrEmpty(source.GetString(DicomTags.SOPClassUID)))
        {
            throw new DicomFormatException("the object has no SOP Class UID (0008,0016) or SOP Instance UID (0008,0018)");
        }

        var linkage = PatientLinkage.Of(source);
        DateShift? shift = _options.RetainLongitudinalModifiedDates ? DateShift.Derive(_key, linkage, _options.MaxDateShiftDays) : null;
        var target = new DicomDataset();
        Copy(source, target, shift, dummyScope: false);
        DeidentificationMarking.Apply(target, PatientPseudonym.Derive(_key, linkage), _options);
        string sopInstanceUid = target.GetString(DicomTags.SOPInstanceUID)!;
        if (!DicomUid.IsValid(sopInstanceUid))
        {
            // Several values (or none) cannot name one object, nor one file.
            throw new DicomFormatException("the SOP Instance UID (0008,0018) is not a single UID");
        }

        string studyUid = source.GetString(DicomTags.StudyInstanceUID) ?? string.Empty;
        return new DeidentifiedObject(target, file.TransferSyntax, StudyKey.Derive(_key, studyUid), sopInstanceUid);
    }

    /// <summary>The action this de-identifier takes for one element where it stands (exposed for tests and audit).</summary>
    public DeidentificationAction Decide(DicomElement element, DicomDataset holder, bool dummyScope = false)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(holder);
        var tag = element.Tag;
        if ((tag.Group & 1) == 1 || IsCurveOrOverlay(tag) || tag.IsGroupLength || BeyondTableRules.IsOutsideCompositeObject(tag))
        {
            // Private data (the Retain Safe Private option is not offered), curves and overlays (can hold drawn
            // text), group lengths (the writer omits them), and command/meta/directory groups.
            return DeidentificationAction.Remove;
        }

        var vr = EffectiveVR(element);
        if ((vr == DicomVR.SQ) != (element is DicomSequence))
        {
            // A sequence left as UN bytes (or a value under a sequence tag) cannot be inspected: not kept.
            return DeidentificationAction.Remove;
        }

        bool hasValue = HasValue(element, vr);
        var action = _table.TryFind(tag, out var row)
            ? _resolver.Resolve(row, vr, hasValue)
            : _beyondTable.Resolve(tag, vr, _dictionary.TryGet(tag, out var entry) && entry.Keyword.Length > 0 ? entry.Keyword : null, hasValue, () => Text(element));
        return dummyScope && action == DeidentificationAction.Keep ? InsideDummySequence(vr, hasValue) : action;
    }

    /// <summary>Curve (50xx) and overlay (60xx) repeating groups: even groups 5000-50FF and 6000-60FF.</summary>
    public static bool IsCurveOrOverlay(DicomTag tag) => (tag.Group & 1) == 0 && (tag.Group & 0xFF00) is 0x5000 or 0x6000;

    private void Copy(DicomDataset source, DicomDataset target, DateShift? shift, bool dummyScope)
    {
        foreach (var element in source.Elements)
        {
            var action = Decide(element, source, dummyScope);
            if (action != DeidentificationAction.Remove)
            {
                target.Set(Apply(element, action, target, shift, dummyScope));
            }
        }
    }

    private DicomElement Apply(DicomElement element, DeidentificationAction action, DicomDataset target, DateShift? shift, bool dummyScope)
    {
        var vr = EffectiveVR(element);
        if (element is DicomSequence sequence)
        {
            return action switch
            {
                DeidentificationAction.Empty => new DicomSequence(sequence.Tag),
                DeidentificationAction.Dummy => CopySequence(sequence, target, shift, dummyScope: true),
                _ => CopySequence(sequence, target, shift, dummyScope),
            };
        }

        if (element is not DicomValueElement value)
        {
            // Encapsulated pixel data: only Keep reaches here (no rule empties or replaces it).
            return element;
        }

        return action switch
        {
            DeidentificationAction.Keep => value,
            DeidentificationAction.Empty => new DicomValueElement(value.Tag, vr, ReadOnlyMemory<byte>.Empty),
            DeidentificationAction.Dummy when vr == DicomVR.UI => Uids(value, _uids.ReplaceAll),
            DeidentificationAction.Dummy => new DicomValueElement(value.Tag, vr, DummyValues.For(vr, value.Length)),
            DeidentificationAction.ReplaceUid => Uids(value, _uids.ReplaceAll),
            DeidentificationAction.ReplaceInstanceUid => Uids(value, ReplaceInstanceUids),
            DeidentificationAction.ShiftDate => Shifted(value, vr, shift),
            _ => throw new InvalidOperationException($"no way to apply {action} to element {value.Tag}"),
        };
    }

    private DicomSequence CopySequence(DicomSequence sequence, DicomDataset target, DateShift? shift, bool dummyScope)
    {
        var copy = new DicomSequence(sequence.Tag);
        foreach (var item in sequence.Items)
        {
            var itemCopy = new DicomDataset(target);
            Copy(item, itemCopy, shift, dummyScope);
            copy.Add(itemCopy);
        }

        return copy;
    }

    private static DicomValueElement Uids(DicomValueElement value, Func<string, string> replace) =>
        new(value.Tag, DicomVR.UI, Encoding.ASCII.GetBytes(replace(Text(value))));

    private string ReplaceInstanceUids(string values) =>
        string.Join('\\', values.Split('\\').Select(uid => BeyondTableRules.AllStandard(uid) ? uid.Trim('\0', ' ') : _uids.Replace(uid)));

    private static DicomValueElement Shifted(DicomValueElement value, DicomVR vr, DateShift? shift)
    {
        string? shifted = shift is not { } days ? null
            : vr == DicomVR.DA ? days.ShiftDate(Text(value))
            : vr == DicomVR.DT ? days.ShiftDateTime(Text(value))
            : null;
        // A value that is not a date this can move exactly (free text, a range) is replaced, never kept.
        return new DicomValueElement(value.Tag, vr, shifted is null ? DummyValues.For(vr, value.Length) : Encoding.ASCII.GetBytes(shifted));
    }

    // Inside a D sequence the items become dummy content: text of every kind is replaced; coded strings, numbers and
    // binary stay so the items keep their meaning as structure (UIDs and dates already have their own actions).
    private static DeidentificationAction InsideDummySequence(DicomVR vr, bool hasValue)
    {
        if (vr == DicomVR.UR)
        {
            return DeidentificationAction.Empty;
        }

        bool freeText = vr == DicomVR.AE || vr == DicomVR.LO || vr == DicomVR.LT || vr == DicomVR.PN || vr == DicomVR.SH
            || vr == DicomVR.ST || vr == DicomVR.UC || vr == DicomVR.UT;
        return freeText && hasValue ? DeidentificationAction.Dummy : DeidentificationAction.Keep;
    }

    /// <summary>The element's VR, or the dictionary's where it was read as UN or without a VR.</summary>
    private DicomVR EffectiveVR(DicomElement element)
    {
        if (element is DicomSequence)
        {
            return DicomVR.SQ;
        }

        if (element.VR != DicomVR.UN && element.VR != DicomVR.None)
        {
            return element.VR;
        }

        var vr = _dictionary.DefaultVR(element.Tag);
        return vr == DicomVR.None ? DicomVR.UN : vr;
    }

    /// <summary>Whether an element holds anything: items, or a value beyond padding (text) or any bytes (binary).</summary>
    public static bool HasValue(DicomElement element, DicomVR vr) => element switch
    {
        DicomSequence sequence => sequence.Items.Count > 0,
        DicomValueElement value when vr.IsText => value.Bytes.Span.ContainsAnyExcept((byte)0, (byte)' '),
        DicomValueElement value => value.Length > 0,
        _ => true,
    };

    private static string Text(DicomElement element) =>
        element is DicomValueElement value ? DicomCharacterSet.Default.Decode(value.Bytes.Span).Trim('\0', ' ') : string.Empty;
}
