using Hem.Dicom.Series;
using Hem.Imaging.Volumes;

namespace Hem.Prediction.Grid;

/// <summary>
/// One study's model grid: isotropic voxels with the baseline grid's axis directions, covering the region of
/// interest around the baseline hematoma, and the baseline voxels it covers (where a prediction can be non-zero).
/// </summary>
/// <param name="Geometry">The model grid.</param>
/// <param name="Baseline">The baseline CT's grid.</param>
/// <param name="RoiInBaselineVoxels">The baseline voxels whose centres lie within the model grid's voxel extent.</param>
public sealed record ModelGrid(VolumeGeometry Geometry, VolumeGeometry Baseline, VoxelBox RoiInBaselineVoxels)
{
    // Grid arithmetic in mm: a span that is a whole number of voxels up to rounding stays that number.
    private const double Tolerance = 1e-6;

    /// <summary>
    /// Places the model grid for a baseline hematoma with voxel bounding box <paramref name="maskBox"/>, per axis:
    /// the box's physical extent (voxel edges) grown by the margin and clipped to the CT's extent; then
    /// ceil(extent / spacing) voxels from its low edge, or, when that is fewer than a patch, exactly a patch centred
    /// on the clipped extent (which may then reach past the CT).
    /// </summary>
    public static ModelGrid Around(VolumeGeometry baseline, VoxelBox maskBox, ModelGridSettings settings)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(settings);
        if (!maskBox.FitsIn(baseline.Size))
        {
            throw new ArgumentOutOfRangeException(nameof(maskBox), $"the box {maskBox} reaches outside the {baseline.Size} grid");
        }

        var x = Axis.Place(maskBox.X0, maskBox.X1, baseline.Size.X, baseline.Spacing.X, settings, settings.PatchSize.X);
        var y = Axis.Place(maskBox.Y0, maskBox.Y1, baseline.Size.Y, baseline.Spacing.Y, settings, settings.PatchSize.Y);
        var z = Axis.Place(maskBox.Z0, maskBox.Z1, baseline.Size.Z, baseline.Spacing.Z, settings, settings.PatchSize.Z);
        double h = settings.SpacingMm;
        // Offsets are measured from the centre of baseline voxel 0 along each axis.
        var origin = baseline.Origin
            + ((x.LowMm + (h / 2)) * baseline.RowDirection)
            + ((y.LowMm + (h / 2)) * baseline.ColumnDirection)
            + ((z.LowMm + (h / 2)) * baseline.SliceDirection);
        var geometry = new VolumeGeometry(new GridSize(x.Count, y.Count, z.Count), new Vector3D(h, h, h), origin, baseline.RowDirection, baseline.ColumnDirection, baseline.SliceDirection);
        var roi = new VoxelBox(x.First, y.First, z.First, x.End, y.End, z.End);
        return new ModelGrid(geometry, baseline, roi);
    }

    /// <summary>One axis: the model grid's low edge (mm from baseline voxel 0's centre), its voxel count, and the baseline voxels it covers.</summary>
    private readonly record struct Axis(double LowMm, int Count, int First, int End)
    {
        public static Axis Place(int boxStart, int boxEnd, int baselineCount, double baselineSpacing, ModelGridSettings settings, int patch)
        {
            double h = settings.SpacingMm;
            double low = Math.Max(((boxStart - 0.5) * baselineSpacing) - settings.RoiMarginMm, -0.5 * baselineSpacing);
            double high = Math.Min(((boxEnd - 0.5) * baselineSpacing) + settings.RoiMarginMm, (baselineCount - 0.5) * baselineSpacing);
            int count = Math.Max(1, (int)Math.Ceiling(((high - low) / h) - Tolerance));
            if (count < patch)
            {
                low = ((low + high) / 2) - (patch * h / 2);
                count = patch;
            }

            double end = low + (count * h);
            int first = Math.Max(0, (int)Math.Ceiling((low / baselineSpacing) - Tolerance));
            int last = Math.Min(baselineCount - 1, (int)Math.Floor((end / baselineSpacing) + Tolerance));
            return new Axis(low, count, first, last + 1);
        }
    }
}
