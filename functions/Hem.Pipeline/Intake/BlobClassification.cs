namespace Hem.Pipeline.Intake;

/// <summary>The filter's verdict on one blob: the study input it starts, or the reason it starts nothing.</summary>
public sealed record BlobClassification
{
    private BlobClassification(StudyInput? input, IgnoreReason? reason)
    {
        Input = input;
        Reason = reason;
    }

    public StudyInput? Input { get; }

    public IgnoreReason? Reason { get; }

    public static BlobClassification Accept(StudyInput input) => new(input ?? throw new ArgumentNullException(nameof(input)), null);

    public static BlobClassification Ignore(IgnoreReason reason) => new(null, reason);
}
