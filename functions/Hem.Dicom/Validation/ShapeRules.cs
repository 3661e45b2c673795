using System.Globalization;

namespace Hem.Dicom.Validation;

/// <summary>
/// Not a localizer (scout): ImageType names LOCALIZER, the series is one image, or a few images far apart or in
/// different planes (a three-plane scout), none of which is a stack of slices.
/// </summary>
internal sealed class LocalizerRule(StudyValidationOptions options) : SelectionRule
{
    public override string StudyCode => RejectionCodes.LocalizerOnly;

    public override string Summary => "The study holds only localizer (scout) images, no stack of slices.";

    public override Rejection? Exclude(SeriesCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.Objects.Any(o => o.IsLocalizer))
        {
            return new Rejection(RejectionCodes.Localizer, $"{candidate.Subject} is a localizer (ImageType names LOCALIZER).");
        }

        if (candidate.SliceCount == 1)
        {
            return new Rejection(RejectionCodes.Localizer, $"{candidate.Subject} is a single image: a localizer or a key image, not a stack of slices.");
        }

        if (candidate.SliceCount <= options.LocalizerMaxSlices && candidate.AllHaveGeometry)
        {
            if (!candidate.AllParallel)
            {
                return new Rejection(RejectionCodes.Localizer, $"{candidate.Subject} is {candidate.SliceCount} images in different planes: a localizer, not a stack of slices.");
            }

            if (candidate.LargestGapMm >= options.LocalizerMinGapMm)
            {
                return new Rejection(RejectionCodes.Localizer, string.Create(CultureInfo.InvariantCulture,
                    $"{candidate.Subject} is {candidate.SliceCount} images up to {candidate.LargestGapMm:0.0} mm apart (from {options.LocalizerMinGapMm} mm on, a few images are scouts, not a stack)."));
            }
        }

        return null;
    }

    public override string Passed(SeriesCandidate chosen)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        return $"It is not a localizer: ImageType does not name LOCALIZER and it is a stack of {chosen.SliceCount} slices.";
    }
}

/// <summary>
/// Axial: the slice normal lies within the limit of the head-to-foot axis. A tilted-gantry series stays axial; a
/// coronal or sagittal reformat is 90 degrees off.
/// </summary>
internal sealed class AxialRule(StudyValidationOptions options) : SelectionRule
{
    public override string StudyCode => RejectionCodes.NotAxial;

    public override string Summary => string.Create(CultureInfo.InvariantCulture,
        $"No CT series is axial: every slice plane is more than {options.MaxAxialDeviationDegrees} degrees from the head-to-foot axis (coronal, sagittal or oblique).");

    public override Rejection? Exclude(SeriesCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.AxialDeviationDegrees is not { } angle)
        {
            return new Rejection(RejectionCodes.NotAxial, $"{candidate.Subject} has no ImageOrientationPatient, ImagePositionPatient or PixelSpacing: its plane is unknown.");
        }

        return angle > options.MaxAxialDeviationDegrees
            ? new Rejection(RejectionCodes.NotAxial, string.Create(CultureInfo.InvariantCulture,
                $"{candidate.Subject} is not axial: its slice normal is {angle:0.0} degrees from the head-to-foot axis (limit {options.MaxAxialDeviationDegrees})."))
            : null;
    }

    public override string Passed(SeriesCandidate chosen)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        return string.Create(CultureInfo.InvariantCulture,
            $"It is axial: its slice normal is {chosen.AxialDeviationDegrees:0.0} degrees from the head-to-foot axis (limit {options.MaxAxialDeviationDegrees}).");
    }
}

/// <summary>Enough slices for a head volume.</summary>
internal sealed class SliceCountRule(StudyValidationOptions options) : SelectionRule
{
    public override string StudyCode => RejectionCodes.TooFewSlices;

    public override string Summary => $"No series has enough slices for a head volume (at least {options.MinSlices}).";

    public override Rejection? Exclude(SeriesCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return candidate.SliceCount >= options.MinSlices ? null
            : new Rejection(RejectionCodes.TooFewSlices, $"{candidate.Subject} has {candidate.SliceCount} slices; a head volume needs at least {options.MinSlices}.");
    }

    public override string Passed(SeriesCandidate chosen)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        return $"It has {chosen.SliceCount} slices (at least {options.MinSlices} needed).";
    }
}

/// <summary>Enough extent along the slice normal, first slice centre to last, to hold a head.</summary>
internal sealed class CoverageRule(StudyValidationOptions options) : SelectionRule
{
    public override string StudyCode => RejectionCodes.InsufficientCoverage;

    public override string Summary => string.Create(CultureInfo.InvariantCulture,
        $"No series covers enough of the head along the slice normal (at least {options.MinCoverageMm} mm).");

    public override Rejection? Exclude(SeriesCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return candidate.CoverageMm >= options.MinCoverageMm ? null
            : new Rejection(RejectionCodes.InsufficientCoverage, string.Create(CultureInfo.InvariantCulture,
                $"{candidate.Subject} covers {candidate.CoverageMm:0.0} mm along the slice normal; a head needs at least {options.MinCoverageMm} mm."));
    }

    public override string Passed(SeriesCandidate chosen)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        return string.Create(CultureInfo.InvariantCulture,
            $"It covers {chosen.CoverageMm:0.0} mm along the slice normal (at least {options.MinCoverageMm} mm needed).");
    }
}
