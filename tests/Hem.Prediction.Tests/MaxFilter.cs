using Hem.Dicom.Series;

namespace Hem.Prediction.Tests;

/// <summary>The 3 x 3 x 3 maximum over the neighbours inside the grid, by brute force: what the dilate test model computes.</summary>
internal static class MaxFilter
{
    public static float[] Of(ReadOnlySpan<float> values, GridSize size)
    {
        var result = new float[values.Length];
        for (int z = 0; z < size.Z; z++)
        {
            for (int y = 0; y < size.Y; y++)
            {
                for (int x = 0; x < size.X; x++)
                {
                    float max = float.MinValue;
                    for (int k = Math.Max(0, z - 1); k <= Math.Min(size.Z - 1, z + 1); k++)
                    {
                        for (int j = Math.Max(0, y - 1); j <= Math.Min(size.Y - 1, y + 1); j++)
                        {
                            for (int i = Math.Max(0, x - 1); i <= Math.Min(size.X - 1, x + 1); i++)
                            {
                                max = Math.Max(max, values[i + (size.X * (j + (size.Y * k)))]);
                            }
                        }
                    }

                    result[x + (size.X * (y + (size.Y * z)))] = max;
                }
            }
        }

        return result;
    }
}
