using Hem.Dicom.Series;

namespace Hem.Prediction.Windows;

/// <summary>Moves patches between a grid's voxels and a tensor, a row of x at a time.</summary>
internal static class PatchCopy
{
    public static void Read(float[] voxels, GridSize grid, WindowStart start, GridSize patch, Span<float> target)
    {
        int index = 0;
        for (int k = 0; k < patch.Z; k++)
        {
            for (int j = 0; j < patch.Y; j++)
            {
                voxels.AsSpan(RowStart(grid, start, j, k), patch.X).CopyTo(target.Slice(index, patch.X));
                index += patch.X;
            }
        }
    }

    public static void AddWeighted(ReadOnlySpan<float> output, float[] weights, WindowStart start, GridSize patch, float[] weighted, float[] weightSum, GridSize grid)
    {
        int index = 0;
        for (int k = 0; k < patch.Z; k++)
        {
            for (int j = 0; j < patch.Y; j++)
            {
                int row = RowStart(grid, start, j, k);
                for (int i = 0; i < patch.X; i++, index++)
                {
                    weighted[row + i] += weights[index] * output[index];
                    weightSum[row + i] += weights[index];
                }
            }
        }
    }

    private static int RowStart(GridSize grid, WindowStart start, int j, int k) =>
        (int)(((start.Z + k) * grid.VoxelsPerSlice) + ((long)(start.Y + j) * grid.X) + start.X);
}
