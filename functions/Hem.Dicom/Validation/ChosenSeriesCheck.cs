using System.Globalization;
using Hem.Dicom.Pixels;
using Hem.Dicom.Series;

namespace Hem.Dicom.Validation;

/// <summary>
/// The checks on the chosen series, in order: every object became slices; the geometry the volume builder needs
/// (its own checks, so what it would refuse is refused here with the same words); a decoder for every object's
/// pixel encoding; no damaged DICOM file that could be one of its slices; and every object read in full with the
/// pixel data its header promises. There is no falling back to the next series: a study whose best series is
/// broken is rejected, so the pipeline never analyses a silent second choice.
/// </summary>
internal sealed class ChosenSeriesCheck(PixelDecoder decoder, StudyValidationOptions options)
{
    public async Task<ChosenSeriesOutcome> CheckAsync(SeriesCandidate chosen, int unreadableDicom, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        string name = $"The chosen series ({chosen.Name})";
        if (Unreadable(chosen, name) is { } unreadable)
        {
            return ChosenSeriesOutcome.Reject(unreadable);
        }

        VolumePlan plan;
        try
        {
            plan = new VolumeBuilder(decoder, options.Volume).Plan(chosen.Series!);
        }
        catch (SeriesAssemblyException ex)
        {
            return ChosenSeriesOutcome.Reject(new Rejection(GeometryCode(ex.Problem), $"{name} cannot become a volume: {ex.Message}."));
        }

        if (Undecodable(chosen, name) is { } undecodable)
        {
            return ChosenSeriesOutcome.Reject(undecodable);
        }

        if (unreadableDicom > 0)
        {
            return ChosenSeriesOutcome.Reject(new Rejection(RejectionCodes.CorruptFile,
                unreadableDicom == 1
                    ? $"1 file in the input carries the DICOM marker but cannot be read; it may be a slice of the chosen series ({chosen.Name}), so the series may be incomplete."
                    : $"{unreadableDicom} files in the input carry the DICOM marker but cannot be read; they may be slices of the chosen series ({chosen.Name}), so the series may be incomplete."));
        }

        if (await ReadInFullAsync(plan.Stack, name, cancellationToken) is { } damaged)
        {
            return ChosenSeriesOutcome.Reject(damaged);
        }

        return ChosenSeriesOutcome.Accept(plan, [Geometry(plan), Encoding(chosen), chosen.ReadableObjects == 1 ? "Its file reads in full, with the pixel data its header declares." : $"All {chosen.ReadableObjects} of its files read in full, with the pixel data their headers declare."]);
    }

    private static string GeometryCode(SeriesAssemblyProblem problem) => problem switch
    {
        SeriesAssemblyProblem.TiltBeyondLimit => RejectionCodes.UncorrectableTilt,
        SeriesAssemblyProblem.TooLarge => RejectionCodes.InputTooLarge,
        _ => RejectionCodes.InconsistentGeometry,
    };

    private static Rejection? Unreadable(SeriesCandidate chosen, string name)
    {
        var problems = chosen.Problems;
        if (problems.Unsupported > 0)
        {
            return new Rejection(RejectionCodes.UnsupportedTransferSyntax,
                $"{name} has {Counted.Of(problems.Unsupported, "object")} whose pixels cannot be decoded here ({problems.UnsupportedDetail}).");
        }

        return problems.Corrupt > 0
            ? new Rejection(RejectionCodes.CorruptFile,
                $"{name} has {Counted.Of(problems.Corrupt, "object")} with malformed image attributes, which cannot become slices; the series would be incomplete.")
            : null;
    }

    private Rejection? Undecodable(SeriesCandidate chosen, string name)
    {
        var objects = chosen.Objects.ToList();
        if (objects.Count(o => o.HasPrivatePixelCompression) is > 0 and var vendor)
        {
            return new Rejection(RejectionCodes.UnsupportedTransferSyntax,
                $"{name} stores its pixels in a vendor's private compression, which no decoder here reads ({Counted.Among(vendor, objects.Count, "object")}).");
        }

        var refused = objects.Where(o => !decoder.CanDecode(o.TransferSyntax)).ToList();
        return refused.Count == 0 ? null : new Rejection(RejectionCodes.UnsupportedTransferSyntax,
            $"{name} stores its pixels in {Describe(refused[0].TransferSyntax)}, which no decoder here reads ({Counted.Among(refused.Count, objects.Count, "object")}).");
    }

    /// <summary>A standard syntax by UID and name; an unknown UID is not echoed (it may be a site's own root).</summary>
    private static string Describe(DicomTransferSyntax syntax) =>
        syntax.IsKnown ? $"transfer syntax {syntax.Uid} ({syntax.Name})" : "an unknown transfer syntax";

    private static async Task<Rejection?> ReadInFullAsync(SortedSlices stack, string name, CancellationToken cancellationToken)
    {
        var seen = new HashSet<IDicomSource>();
        for (int k = 0; k < stack.Count; k++)
        {
            var slice = stack.Slices[k];
            if (!seen.Add(slice.Source))
            {
                continue;
            }

            try
            {
                using var bytes = await slice.Source.ReadBytesAsync(DicomReadOptions.Default.MaxFileBytes, cancellationToken);
                PixelDataCheck.Check(DicomReader.Read(bytes.Memory));
            }
            catch (DicomArchiveRefusedException ex)
            {
                return ArchiveRefusals.ToRejection(ex);
            }
            catch (DicomFormatException ex)
            {
                return new Rejection(RejectionCodes.CorruptFile, string.Create(CultureInfo.InvariantCulture,
                    $"{name} has a file that cannot be read in full: slice {k + 1} of {stack.Count} along the normal ({slice.Label}): {ex.Message}."));
            }
        }

        return null;
    }

    private static string Geometry(VolumePlan plan)
    {
        var stack = plan.Stack;
        var parts = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"Its geometry is consistent: {stack.Columns} x {stack.Rows} pixels of {stack.SpacingX:0.###} x {stack.SpacingY:0.###} mm in one orientation, no duplicate or missing slices, {plan.Spacing.Step:0.00} mm between planes"),
        };
        if (plan.Tilt.IsPresent)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"a gantry tilt of {plan.Tilt.AngleDegrees:0.0} degrees that is corrected"));
        }

        if (plan.Spacing.IsResampled)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"uneven steps of {plan.Spacing.SmallestStep:0.00} to {plan.Spacing.LargestStep:0.00} mm that are resampled to {plan.Spacing.Count} planes"));
        }

        return string.Join("; ", parts) + ".";
    }

    private static string Encoding(SeriesCandidate chosen)
    {
        var syntaxes = chosen.Objects.Select(o => o.TransferSyntax).Distinct().ToList();
        return syntaxes.Count == 1
            ? $"Its pixels are in {Describe(syntaxes[0])}, which is decoded here."
            : $"Its pixels are in {syntaxes.Count} transfer syntaxes, all decoded here.";
    }
}

/// <summary>The plan and the reasons for a chosen series that passed, or why it did not.</summary>
internal sealed record ChosenSeriesOutcome(VolumePlan? Plan, IReadOnlyList<string> Reasons, Rejection? Rejection)
{
    public static ChosenSeriesOutcome Accept(VolumePlan plan, IReadOnlyList<string> reasons) => new(plan, reasons, null);

    public static ChosenSeriesOutcome Reject(Rejection rejection) => new(null, [], rejection);
}
