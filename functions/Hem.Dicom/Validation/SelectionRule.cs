namespace Hem.Dicom.Validation;

/// <summary>
/// One rule of series selection. Rules run in a fixed order; each excludes the candidates that fail it, with a
/// code and a sentence, and the chosen series records what it showed for every rule. When a rule excludes the
/// last candidates, the study is rejected with that rule's study code.
/// </summary>
internal abstract class SelectionRule
{
    /// <summary>The code the study is rejected with when this rule leaves no candidate.</summary>
    public abstract string StudyCode { get; }

    /// <summary>The study's code given the first series this rule excluded; most rules have one code for all.</summary>
    public virtual string StudyCodeFor(Rejection firstFailure) => StudyCode;

    /// <summary>One sentence saying what no series satisfied.</summary>
    public abstract string Summary { get; }

    /// <summary>Why the candidate fails, naming it by its place in the study; null when it passes.</summary>
    public abstract Rejection? Exclude(SeriesCandidate candidate);

    /// <summary>What the chosen series showed for this rule, as a sentence.</summary>
    public abstract string Passed(SeriesCandidate chosen);

    /// <summary>The rules in the order they apply.</summary>
    public static IReadOnlyList<SelectionRule> InOrder(StudyValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return
        [
            new ReadableRule(),
            new ModalityRule(),
            new SecondaryCaptureRule(),
            new OriginalRule(),
            new LocalizerRule(options),
            new AxialRule(options),
            new ContrastRule(),
            new BurnedInAnnotationRule(),
            new SliceCountRule(options),
            new CoverageRule(options),
        ];
    }
}
