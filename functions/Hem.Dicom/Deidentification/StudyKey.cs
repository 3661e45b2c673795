namespace Hem.Dicom.Deidentification;

/// <summary>
/// The name a de-identified study is stored under: 32 lower-case hex digits, the first 16 bytes of
/// HMAC-SHA256(key, "study:" + original StudyInstanceUID). Fixed length and path-safe on every file system; the
/// "study:" prefix keeps it unrelated to the study's replacement UID, which hashes the UID alone.
/// </summary>
public readonly record struct StudyKey
{
    public const int Length = 32;

    private StudyKey(string value) => Value = value;

    public string Value { get; }

    public static StudyKey Derive(DeidentificationKey key, string studyInstanceUid)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(studyInstanceUid);
        return new StudyKey(Convert.ToHexStringLower(key.Hash("study:" + studyInstanceUid.Trim('\0', ' ')).AsSpan(0, 16)));
    }

    /// <summary>A study key read back from text (a path segment, a stored name); refused when malformed.</summary>
    public static StudyKey Parse(string text) =>
        IsWellFormed(text) ? new StudyKey(text) : throw new FormatException("not a study key: expected 32 lower-case hex digits");

    /// <summary>Whether the text has the shape of a study key (for inputs that arrive as path segments).</summary>
    public static bool IsWellFormed(string text) =>
        text is { Length: Length } && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public override string ToString() => Value;
}
