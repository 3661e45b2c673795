namespace Hem.Dicom.Deidentification;

/// <summary>What happens to one element, once the table's codes (or the rules beyond the table) are resolved.</summary>
public enum DeidentificationAction
{
    /// <summary>K: copied; a sequence's items are still processed element by element.</summary>
    Keep,

    /// <summary>X: left out.</summary>
    Remove,

    /// <summary>Z: present with zero length; a sequence with no items.</summary>
    Empty,

    /// <summary>
    /// D: a dummy value valid for the VR (<see cref="DummyValues"/>). A sequence keeps its items, but every text,
    /// date and UID inside them is replaced: the items become dummy content rather than cleaned content.
    /// </summary>
    Dummy,

    /// <summary>U: every UID value replaced by its keyed replacement.</summary>
    ReplaceUid,

    /// <summary>
    /// A UID attribute the table does not list: instance UIDs are replaced, UIDs under the standard's own root
    /// (1.2.840.10008, transfer syntaxes, SOP classes, well-known frames of reference) are kept, since they name
    /// definitions, not patients.
    /// </summary>
    ReplaceInstanceUid,

    /// <summary>C for dates under the modified-dates option: DA and DT moved by the patient's day offset.</summary>
    ShiftDate,
}
