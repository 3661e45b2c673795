using Hem.Imaging.Resampling;
using Hem.Imaging.Volumes;
using Hem.Prediction.Grid;

namespace Hem.Prediction;

/// <summary>
/// Brings a probability map from the model grid back to the baseline grid: trilinear over the baseline voxels
/// the model grid covers (0 elsewhere), then at least <c>threshold</c> and inside the brain is hematoma.
/// </summary>
public static class ProbabilityMapping
{
    /// <summary>The probability on the ROI of the baseline grid (<see cref="ModelGrid.RoiInBaselineVoxels"/>), as its own volume.</summary>
    public static Volume<float> OnBaselineRoi(Volume<float> probability, ModelGrid grid)
    {
        ArgumentNullException.ThrowIfNull(probability);
        ArgumentNullException.ThrowIfNull(grid);
        return Resampler.Trilinear(probability, RegionOfInterest.GeometryOf(grid.Baseline, grid.RoiInBaselineVoxels), 0f);
    }

    /// <summary>The 0/1 mask on the whole baseline grid: probability at least <paramref name="threshold"/> and brain.</summary>
    public static Volume<byte> ToBaselineMask(Volume<float> probability, ModelGrid grid, Volume<byte> brain, double threshold)
    {
        ArgumentNullException.ThrowIfNull(brain);
        var roi = OnBaselineRoi(probability, grid);
        var brainInRoi = RegionOfInterest.Crop(brain, grid.RoiInBaselineVoxels).Voxels;
        var values = roi.Voxels;
        var mask = new byte[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            mask[i] = (byte)(values[i] >= threshold && brainInRoi[i] != 0 ? 1 : 0);
        }

        return RegionOfInterest.Uncrop(roi.SameGrid(mask), grid.RoiInBaselineVoxels, grid.Baseline, (byte)0);
    }
}
