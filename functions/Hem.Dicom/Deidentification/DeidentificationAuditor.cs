using System.Text;

namespace Hem.Dicom.Deidentification;

/// <summary>One attribute that still holds identifying data: where it is and which rule it breaks, never its value.</summary>
public sealed record AuditFinding(string Path, string Keyword, string Rule)
{
    public override string ToString() => $"{Path} {Keyword}: {Rule}";
}

/// <summary>
/// Checks an object that claims to be de-identified, independently of how it was made. It reports:
/// <list type="bullet">
/// <item>any private attribute (odd group) and any curve (50xx) or overlay (60xx) attribute;</item>
/// <item>Patient Identity Removed (0012,0062) not YES, or no DCM 113100 in the De-identification Method Code
/// Sequence;</item>
/// <item>a Table E.1-1 attribute whose action, under the options the object claims in that code sequence, is not K
/// but which holds a non-empty value other than a known dummy (<see cref="DummyValues"/>); Patient's Name and Patient
/// ID may hold a HemFunctions pseudonym; under the modified-dates option the dates may hold any date (shifted dates
/// look like any other), and times are kept; sequences to be removed or emptied must have no items;</item>
/// <item>a U attribute, or a UI value anywhere that is not a class UID or under the standard's root, holding a UID
/// that is not a 2.25 UID (what replacement gives);</item>
/// <item>a PN value anywhere that is neither empty, a dummy nor a pseudonym.</item>
/// </list>
/// </summary>
public sealed class DeidentificationAuditor(ConfidentialityProfileTable? table = null, DicomDictionary? dictionary = null)
{
    private readonly ConfidentialityProfileTable _table = table ?? ConfidentialityProfileTable.Default;
    private readonly DicomDictionary _dictionary = dictionary ?? DicomDictionary.Default;

    public IReadOnlyList<AuditFinding> Audit(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var dataset = file.Dataset;
        var findings = new List<AuditFinding>();
        if (!string.Equals(dataset.GetString(DicomTags.PatientIdentityRemoved), "YES", StringComparison.Ordinal))
        {
            findings.Add(new AuditFinding(DicomTags.PatientIdentityRemoved.ToString(), "PatientIdentityRemoved", "is not YES"));
        }

        if (!DeidentificationMarking.ClaimsBasicProfile(dataset))
        {
            findings.Add(new AuditFinding(DicomTags.DeidentificationMethodCodeSequence.ToString(), "DeidentificationMethodCodeSequence", "does not claim DCM 113100 (Basic Application Confidentiality Profile)"));
        }

        var resolver = new ProfileActionResolver(DeidentificationMarking.ClaimedOptions(dataset));
        Walk(file.FileMetaInformation, string.Empty, resolver, topLevel: false, findings);
        Walk(dataset, string.Empty, resolver, topLevel: true, findings);
        return findings;
    }

    private void Walk(DicomDataset dataset, string prefix, ProfileActionResolver resolver, bool topLevel, List<AuditFinding> findings)
    {
        foreach (var element in dataset.Elements)
        {
            var tag = element.Tag;
            string path = prefix + tag;
            string keyword = Keyword(tag);
            if ((tag.Group & 1) == 1)
            {
                findings.Add(new AuditFinding(path, keyword, "private attribute"));
                continue;
            }

            if (DatasetDeidentifier.IsCurveOrOverlay(tag))
            {
                findings.Add(new AuditFinding(path, keyword, "curve or overlay attribute"));
                continue;
            }

            var vr = element is DicomSequence ? DicomVR.SQ : element.VR == DicomVR.UN && _dictionary.TryGet(tag, out var entry) ? entry.ValueRepresentations[0] : element.VR;
            if (CheckElement(element, vr, topLevel, resolver) is { } rule)
            {
                findings.Add(new AuditFinding(path, keyword, rule));
            }

            if (element is DicomSequence sequence)
            {
                for (int i = 0; i < sequence.Items.Count; i++)
                {
                    Walk(sequence.Items[i], $"{path}[{i + 1}]/", resolver, topLevel: false, findings);
                }
            }
        }
    }

    private string? CheckElement(DicomElement element, DicomVR vr, bool topLevel, ProfileActionResolver resolver)
    {
        var tag = element.Tag;
        bool hasValue = DatasetDeidentifier.HasValue(element, vr);
        if (!hasValue)
        {
            return null;
        }

        string text = element is DicomValueElement value && vr.IsText ? Encoding.Latin1.GetString(value.Bytes.Span).Trim('\0', ' ') : string.Empty;
        if (topLevel && (tag == DicomTags.PatientName || tag == DicomTags.PatientID))
        {
            return PatientPseudonym.IsPseudonym(text) ? null : "holds a value that is not a HemFunctions pseudonym";
        }

        if (_table.TryFind(tag, out var row))
        {
            var action = resolver.Resolve(row, vr, hasValue);
            switch (action)
            {
                case DeidentificationAction.Keep:
                case DeidentificationAction.ShiftDate:
                    return null;
                case DeidentificationAction.Remove:
                    return "should have been removed (" + row.BasicAction + ")";
                case DeidentificationAction.Empty:
                    return element is DicomSequence ? "should have no items (" + row.BasicAction + ")" : "should be empty (" + row.BasicAction + ")";
                case DeidentificationAction.ReplaceUid:
                    return AllReplaced(text) ? null : "holds a UID that was not replaced";
                case DeidentificationAction.Dummy:
                    return element is DicomSequence || vr == DicomVR.UI && AllReplaced(text) || element is DicomValueElement v && DummyValues.IsDummy(vr, v.Bytes.Span)
                        ? null
                        : "holds a value that is not a dummy (" + row.BasicAction + ")";
                default:
                    return null;
            }
        }

        if (vr == DicomVR.UI && element is DicomValueElement && !BeyondTableRules.ClassUidKeywords.Contains(Keyword(tag)))
        {
            bool ok = text.Split('\\').All(uid => uid.Length == 0 || uid.StartsWith("2.25.", StringComparison.Ordinal) || BeyondTableRules.AllStandard(uid));
            return ok ? null : "holds a UID that was not replaced";
        }

        if (vr == DicomVR.PN && element is DicomValueElement pn && !DummyValues.IsDummy(vr, pn.Bytes.Span) && !text.Split('\\').All(PatientPseudonym.IsPseudonym))
        {
            return "holds a person name";
        }

        return null;
    }

    private static bool AllReplaced(string values) =>
        values.Split('\\').All(uid => uid.Length == 0 || uid.StartsWith("2.25.", StringComparison.Ordinal));

    private string Keyword(DicomTag tag) =>
        (tag.Group & 1) == 1 ? "(private)" : _dictionary.TryGet(tag, out var entry) && entry.Keyword.Length > 0 ? entry.Keyword : "(unknown)";
}
