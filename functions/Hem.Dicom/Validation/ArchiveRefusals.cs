namespace Hem.Dicom.Validation;

/// <summary>Turns a zip refused for how it is built into the study's rejection code.</summary>
internal static class ArchiveRefusals
{
    public static Rejection ToRejection(DicomArchiveRefusedException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        string code = refusal.Refusal switch
        {
            ArchiveRefusal.PathTraversal => RejectionCodes.PathTraversal,
            ArchiveRefusal.ZipBomb => RejectionCodes.ZipBomb,
            _ => RejectionCodes.InputTooLarge,
        };
        return new Rejection(code, Sentence(refusal.Message));
    }

    /// <summary>The library's messages are lower-case clauses; a reason is a sentence.</summary>
    public static string Sentence(string clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        if (clause.Length == 0)
        {
            return clause;
        }

        string text = char.ToUpperInvariant(clause[0]) + clause[1..];
        return text.EndsWith('.') ? text : text + ".";
    }
}
