using Hem.Dicom.Series;

namespace Hem.Imaging.Volumes;

/// <summary>
/// Cutting a sub-volume out of a volume and putting it back. A crop keeps spacing and directions; its origin is
/// the patient position of the box's first voxel, so every voxel stays where it was in patient space.
/// </summary>
public static class RegionOfInterest
{
    /// <summary>The bounding box of a mask grown by a margin in mm (clipped to the grid), or null for an empty mask.</summary>
    public static VoxelBox? Around(Volume<byte> mask, double marginMm)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return VoxelBox.Of(mask)?.Expand(marginMm, mask.Geometry.Spacing, mask.Size);
    }

    /// <summary>The geometry of a box of a grid.</summary>
    public static VolumeGeometry GeometryOf(VolumeGeometry geometry, VoxelBox box)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        RequireInside(box, geometry.Size);
        return new VolumeGeometry(
            box.Size,
            geometry.Spacing,
            geometry.IndexToPatient(box.X0, box.Y0, box.Z0),
            geometry.RowDirection,
            geometry.ColumnDirection,
            geometry.SliceDirection);
    }

    /// <summary>A copy of the voxels inside the box, as a volume of its own.</summary>
    public static Volume<T> Crop<T>(Volume<T> volume, VoxelBox box)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(volume);
        var part = Volume.Zeros<T>(GeometryOf(volume.Geometry, box));
        CopyRows(volume.Voxels, volume.Size, box, part.Voxels, toPart: true);
        return part;
    }

    /// <summary>Writes a cropped part back over the box it came from in <paramref name="target"/>.</summary>
    public static void PasteInto<T>(Volume<T> part, VoxelBox box, Volume<T> target)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(part);
        ArgumentNullException.ThrowIfNull(target);
        RequireInside(box, target.Size);
        if (part.Size != box.Size)
        {
            throw new ArgumentException($"a {part.Size} part does not fill the box {box}", nameof(part));
        }

        CopyRows(target.Voxels, target.Size, box, part.Voxels, toPart: false);
    }

    /// <summary>A volume on <paramref name="geometry"/> holding the part in its box and <paramref name="fill"/> elsewhere.</summary>
    public static Volume<T> Uncrop<T>(Volume<T> part, VoxelBox box, VolumeGeometry geometry, T fill)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(part);
        ArgumentNullException.ThrowIfNull(geometry);
        var whole = Volume.Zeros<T>(geometry);
        whole.Voxels.AsSpan().Fill(fill);
        PasteInto(part, box, whole);
        return whole;
    }

    private static void RequireInside(VoxelBox box, GridSize size)
    {
        if (!box.FitsIn(size))
        {
            throw new ArgumentOutOfRangeException(nameof(box), $"the box {box} reaches outside the {size} grid");
        }
    }

    private static void CopyRows<T>(T[] whole, GridSize size, VoxelBox box, T[] part, bool toPart)
        where T : unmanaged
    {
        var partSize = box.Size;
        for (int z = 0; z < partSize.Z; z++)
        {
            for (int y = 0; y < partSize.Y; y++)
            {
                long wholeStart = ((box.Z0 + z) * size.VoxelsPerSlice) + ((long)(box.Y0 + y) * size.X) + box.X0;
                long partStart = (z * partSize.VoxelsPerSlice) + ((long)y * partSize.X);
                var wholeRow = whole.AsSpan((int)wholeStart, partSize.X);
                var partRow = part.AsSpan((int)partStart, partSize.X);
                if (toPart)
                {
                    wholeRow.CopyTo(partRow);
                }
                else
                {
                    partRow.CopyTo(wholeRow);
                }
            }
        }
    }
}
