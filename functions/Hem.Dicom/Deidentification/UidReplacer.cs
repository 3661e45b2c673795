namespace Hem.Dicom.Deidentification;

/// <summary>
/// Replaces a UID with <c>2.25.</c> and the first 16 bytes of HMAC-SHA256(key, original UID) read as an unsigned
/// number. The same original gives the same replacement in one deployment, so references between the objects of a
/// study (Referenced SOP Instance UID, Frame of Reference UID) stay consistent file by file without any shared state.
/// </summary>
public sealed class UidReplacer(DeidentificationKey key)
{
    private readonly DeidentificationKey _key = key ?? throw new ArgumentNullException(nameof(key));

    /// <summary>The replacement of one UID; padding is trimmed first, and an empty UID stays empty.</summary>
    public string Replace(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        string trimmed = uid.Trim('\0', ' ');
        return trimmed.Length == 0 ? string.Empty : DicomUid.FromBytes(_key.Hash(trimmed).AsSpan(0, 16));
    }

    /// <summary>Each value of a multi-valued UI element replaced in turn.</summary>
    public string ReplaceAll(string values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return string.Join('\\', values.Split('\\').Select(Replace));
    }
}
