using Hem.Dicom.Series;

namespace Hem.Prediction.Windows;

/// <summary>
/// The weight of each voxel of a patch's output: a Gaussian centred in the patch (at (P - 1) / 2, so symmetric
/// under flipping any axis), sigma = fraction x P per axis, scaled so its maximum is 1 and floored at
/// <see cref="Floor"/> so every voxel of the grid has some weight.
/// </summary>
public static class GaussianWeights
{
    /// <summary>The smallest weight: the corners of a patch, far out in the Gaussian's tails, still count a little.</summary>
    public const float Floor = 1e-6f;

    /// <summary>The weights of a patch in [Z, Y, X] order (x fastest), like the patch itself.</summary>
    public static float[] Create(GridSize patch, double sigmaFraction)
    {
        double[] x = Axis(patch.X, sigmaFraction);
        double[] y = Axis(patch.Y, sigmaFraction);
        double[] z = Axis(patch.Z, sigmaFraction);
        var weights = new float[patch.VoxelCount];
        int index = 0;
        for (int k = 0; k < patch.Z; k++)
        {
            for (int j = 0; j < patch.Y; j++)
            {
                for (int i = 0; i < patch.X; i++)
                {
                    weights[index++] = Math.Max(Floor, (float)(z[k] * y[j] * x[i]));
                }
            }
        }

        return weights;
    }

    /// <summary>One axis' factor, maximum 1: the 3D Gaussian is separable, so the product of the axes' maxima is its maximum.</summary>
    private static double[] Axis(int patch, double sigmaFraction)
    {
        if (!(sigmaFraction > 0) || !double.IsFinite(sigmaFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(sigmaFraction), "sigma is a positive fraction of the patch size");
        }

        double sigma = patch * sigmaFraction;
        double centre = (patch - 1) / 2.0;
        var values = new double[patch];
        for (int i = 0; i < patch; i++)
        {
            double d = i - centre;
            values[i] = Math.Exp(-(d * d) / (2 * sigma * sigma));
        }

        double max = values.Max();
        for (int i = 0; i < patch; i++)
        {
            values[i] /= max;
        }

        return values;
    }
}
