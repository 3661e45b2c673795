namespace Hem.Dicom.Validation;

/// <summary>At least one of the series' objects reads as an image.</summary>
internal sealed class ReadableRule : SelectionRule
{
    public override string StudyCode => RejectionCodes.CorruptFile;

    public override string Summary => "No series has an object that can be read as an image.";

    /// <summary>Objects in an encoding nothing here decodes are unsupported, not corrupt.</summary>
    public override string StudyCodeFor(Rejection firstFailure)
    {
        ArgumentNullException.ThrowIfNull(firstFailure);
        return firstFailure.Code;
    }

    public override Rejection? Exclude(SeriesCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.SliceCount > 0)
        {
            return null;
        }

        var problems = candidate.Problems;
        return problems.Unsupported > 0 && problems.Corrupt == 0
            ? new Rejection(RejectionCodes.UnsupportedTransferSyntax,
                $"{candidate.Subject} has no object whose pixels can be decoded here ({Counted.Of(problems.Unsupported, "object")}: {problems.UnsupportedDetail}).")
            : new Rejection(RejectionCodes.CorruptFile,
                $"{candidate.Subject} has no object that can be read as an image ({Counted.Of(problems.Count, "object")} with malformed image attributes).");
    }

    public override string Passed(SeriesCandidate chosen)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        return chosen.ReadableObjects == 1
            ? $"Its one object reads as {Counted.Of(chosen.SliceCount, "slice")}."
            : $"Its {chosen.ReadableObjects} objects read as {Counted.Of(chosen.SliceCount, "slice")}.";
    }
}

/// <summary>Every slice is CT: the model reads Hounsfield units.</summary>
internal sealed class ModalityRule : SelectionRule
{
    public override string StudyCode => RejectionCodes.NoCt;

    public override string Summary => "No image series in the study is CT; the model reads non-contrast head CT.";

    public override Rejection? Exclude(SeriesCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        int other = candidate.Slices.Count(s => !string.Equals(s.Modality, "CT", StringComparison.Ordinal));
        if (other == 0)
        {
            return null;
        }

        return new Rejection(RejectionCodes.WrongModality, other == candidate.SliceCount
            ? $"{candidate.Subject} is not CT (its Modality is another)."
            : $"{candidate.Subject} mixes modalities: {other} of its {candidate.SliceCount} slices are not CT.");
    }

    public override string Passed(SeriesCandidate chosen)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        return $"Modality is CT in all {chosen.SliceCount} slices.";
    }
}

/// <summary>Not a secondary capture: a picture of an image carries no trustworthy geometry or Hounsfield units.</summary>
internal sealed class SecondaryCaptureRule : SelectionRule
{
    public override string StudyCode => RejectionCodes.SecondaryCapture;

    public override string Summary => "The CT images are secondary captures (pictures of images), not reconstructed slices.";

    public override Rejection? Exclude(SeriesCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        int captures = candidate.Objects.Count(o => o.IsSecondaryCapture);
        return captures == 0 ? null : new Rejection(RejectionCodes.SecondaryCapture,
            $"{candidate.Subject} is a secondary capture: a Secondary Capture SOP class in {Counted.Among(captures, candidate.ReadableObjects, "object")}.");
    }

    public override string Passed(SeriesCandidate chosen) => "Its SOP class is not a secondary capture.";
}

/// <summary>ImageType begins ORIGINAL\PRIMARY: the acquired slices, not a reformat, MIP or screenshot.</summary>
internal sealed class OriginalRule : SelectionRule
{
    public override string StudyCode => RejectionCodes.NotOriginal;

    public override string Summary => @"Every CT series is derived or secondary (a reformat, MIP or screenshot): ImageType must begin ORIGINAL\PRIMARY.";

    public override Rejection? Exclude(SeriesCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        int missing = candidate.Objects.Count(o => o.ImageType.Count == 0);
        int derived = candidate.Objects.Count(o => o.ImageType.Count > 0 && !o.IsOriginalPrimary);
        if (derived > 0)
        {
            return new Rejection(RejectionCodes.NotOriginal,
                $@"{candidate.Subject} is derived or secondary: ImageType does not begin ORIGINAL\PRIMARY in {Counted.Among(derived, candidate.ReadableObjects, "object")}.");
        }

        return missing > 0
            ? new Rejection(RejectionCodes.NotOriginal, $"{candidate.Subject} cannot be shown to be an original acquisition: no ImageType in {Counted.Among(missing, candidate.ReadableObjects, "object")}.")
            : null;
    }

    public override string Passed(SeriesCandidate chosen) => @"ImageType begins ORIGINAL\PRIMARY in every object: the acquired slices.";
}

/// <summary>No contrast agent recorded or named: the model was built for non-contrast CT.</summary>
internal sealed class ContrastRule : SelectionRule
{
    public override string StudyCode => RejectionCodes.ContrastEnhanced;

    public override string Summary => "Every axial CT series shows contrast (a recorded agent, or a description naming C+, CTA or angiography); the model needs a non-contrast CT.";

    public override Rejection? Exclude(SeriesCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.Objects.Any(o => o.ContrastRecorded))
        {
            return new Rejection(RejectionCodes.ContrastEnhanced,
                $"{candidate.Subject} records a contrast agent (ContrastBolusAgent, ContrastBolusAgentSequence or ContrastBolusUsageSequence).");
        }

        return candidate.Objects.Any(o => o.ContrastNamed)
            ? new Rejection(RejectionCodes.ContrastEnhanced, $"{candidate.Subject} is named as a contrast study in its series description (C+, CTA, angiography, perfusion or contrast).")
            : null;
    }

    public override string Passed(SeriesCandidate chosen) =>
        "No contrast agent is recorded and its series description does not name a contrast study.";
}

/// <summary>No object declares text burned into its pixels, which could identify the patient.</summary>
internal sealed class BurnedInAnnotationRule : SelectionRule
{
    public override string StudyCode => RejectionCodes.BurnedInAnnotation;

    public override string Summary => "Every remaining series declares burned-in annotation: text in the pixels may identify the patient.";

    public override Rejection? Exclude(SeriesCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        int burned = candidate.Objects.Count(o => o.HasBurnedInAnnotation);
        return burned == 0 ? null : new Rejection(RejectionCodes.BurnedInAnnotation,
            $"{candidate.Subject} declares burned-in annotation (BurnedInAnnotation YES) in {Counted.Among(burned, candidate.ReadableObjects, "object")}.");
    }

    public override string Passed(SeriesCandidate chosen) => "No object declares burned-in annotation.";
}
