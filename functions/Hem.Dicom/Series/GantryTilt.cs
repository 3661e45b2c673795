using System.Globalization;

namespace Hem.Dicom.Series;

/// <summary>
/// Measures gantry tilt from slice positions. With a tilted gantry the slices are parallel but each is shifted
/// in its own plane relative to the last: the step from slice to slice is not along the normal, and stacking
/// the slices as they are would shear the anatomy. The tilt is the angle between the step and the normal; the
/// cure is to shift every slice in-plane by its offset so all share one orthogonal grid.
/// </summary>
public sealed class GantryTilt
{
    /// <summary>Offsets under this fraction of a pixel are rounding in the positions, not tilt.</summary>
    private const double NegligiblePixels = 0.1;

    /// <summary>A slice further than this (pixels) from the line through the others is not part of one tilted stack.</summary>
    private const double MaxResidualPixels = 0.5;

    /// <summary>The header and the positions may disagree by this much before the disagreement is noted.</summary>
    private const double HeaderAgreementDegrees = 1;

    private GantryTilt(double angleDegrees, double[] offsetsX, double[] offsetsY, double? headerDegrees)
    {
        AngleDegrees = angleDegrees;
        OffsetsX = offsetsX;
        OffsetsY = offsetsY;
        HeaderDegrees = headerDegrees;
    }

    /// <summary>The tilt measured from the positions, degrees; 0 when none was found.</summary>
    public double AngleDegrees { get; }

    /// <summary>GantryDetectorTilt (0018,1120) of the first slice, when present.</summary>
    public double? HeaderDegrees { get; }

    public bool IsPresent => AngleDegrees > 0;

    /// <summary>Each sorted slice's in-plane offset from the first slice along the row direction, in pixels.</summary>
    public IReadOnlyList<double> OffsetsX { get; }

    /// <summary>Each sorted slice's in-plane offset from the first slice along the column direction, in pixels.</summary>
    public IReadOnlyList<double> OffsetsY { get; }

    public static GantryTilt Measure(SortedSlices stack, VolumeBuildOptions options)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(options);
        int n = stack.Count;
        var origin = stack.GeometryOf(0).Position;
        double[] ax = new double[n], by = new double[n];
        double largest = 0;
        for (int k = 0; k < n; k++)
        {
            var step = stack.GeometryOf(k).Position - origin;
            var inPlane = step - (stack.Distances[k] * stack.Normal);
            ax[k] = inPlane.Dot(stack.Row) / stack.SpacingX;
            by[k] = inPlane.Dot(stack.Column) / stack.SpacingY;
            largest = Math.Max(largest, Math.Sqrt((ax[k] * ax[k]) + (by[k] * by[k])));
        }

        double? header = stack.Slices[0].GantryDetectorTilt;
        if (largest <= NegligiblePixels)
        {
            return new GantryTilt(0, new double[n], new double[n], header);
        }

        // Least-squares line through the first slice: offset (mm) = distance along the normal x slope.
        double sumDd = 0, sumDa = 0, sumDb = 0;
        for (int k = 0; k < n; k++)
        {
            double d = stack.Distances[k];
            sumDd += d * d;
            sumDa += d * ax[k] * stack.SpacingX;
            sumDb += d * by[k] * stack.SpacingY;
        }

        double slopeX = sumDa / sumDd, slopeY = sumDb / sumDd;
        int worst = 0;
        double worstResidual = 0;
        for (int k = 0; k < n; k++)
        {
            double d = stack.Distances[k];
            double rx = ax[k] - (d * slopeX / stack.SpacingX), ry = by[k] - (d * slopeY / stack.SpacingY);
            double residual = Math.Sqrt((rx * rx) + (ry * ry));
            if (residual > worstResidual)
            {
                (worst, worstResidual) = (k, residual);
            }
        }

        if (worstResidual > MaxResidualPixels)
        {
            throw new SeriesAssemblyException(string.Create(CultureInfo.InvariantCulture,
                $"slice {worst + 1} of {n} along the normal ({stack.Slices[worst].Label}) is {worstResidual:0.0} pixels off the line through the slice positions (limit {MaxResidualPixels}): the slices are not one tilted stack"));
        }

        double angle = Math.Atan(Math.Sqrt((slopeX * slopeX) + (slopeY * slopeY))) * 180 / Math.PI;
        if (angle > options.MaxGantryTiltDegrees)
        {
            throw new SeriesAssemblyException(string.Create(CultureInfo.InvariantCulture,
                $"gantry tilt of {angle:0.0} degrees (from slice positions) is above the {options.MaxGantryTiltDegrees}-degree limit this reader corrects"),
                SeriesAssemblyProblem.TiltBeyondLimit);
        }

        return new GantryTilt(angle, ax, by, header);
    }

    /// <summary>Whether GantryDetectorTilt disagrees with the positions (signs are compared loosely: vendors differ).</summary>
    public bool HeaderDisagrees =>
        HeaderDegrees is { } header && Math.Abs(Math.Abs(header) - AngleDegrees) > HeaderAgreementDegrees;
}
