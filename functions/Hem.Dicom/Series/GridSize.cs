namespace Hem.Dicom.Series;

/// <summary>The number of voxels along each axis of a volume: x along rows, y down columns, z across slices.</summary>
public readonly record struct GridSize(int X, int Y, int Z)
{
    public long VoxelCount => (long)X * Y * Z;

    public long VoxelsPerSlice => (long)X * Y;

    public override string ToString() => $"{X} x {Y} x {Z}";
}
