using Hem.Dicom.Series;

namespace Hem.Dicom.Segmentation;

/// <summary>
/// Refuses inputs that would give a wrong or invalid object before anything is built: no segments, a mask of the
/// wrong length or with values other than 0 and 1, a plane list that does not match the volume's z size, and a grid
/// too large for Rows and Columns (US).
/// </summary>
internal static class SegmentationInputCheck
{
    public static void Check(SourceSeries source, VolumeGeometry geometry, IReadOnlyList<Segment> segments)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(segments);
        var size = geometry.Size;
        if (segments.Count == 0)
        {
            throw new ArgumentException("a segmentation needs at least one segment", nameof(segments));
        }

        if (segments.Count > ushort.MaxValue)
        {
            throw new ArgumentException($"{segments.Count} segments are more than Segment Number (US) can number", nameof(segments));
        }

        if (size.X > ushort.MaxValue || size.Y > ushort.MaxValue)
        {
            throw new ArgumentException($"a {size} grid has more rows or columns than Rows and Columns (US) can hold", nameof(geometry));
        }

        if (source.Planes.Count != size.Z)
        {
            throw new ArgumentException($"the source series describes {source.Planes.Count} planes but the volume has {size.Z} along z", nameof(source));
        }

        for (int s = 0; s < segments.Count; s++)
        {
            var segment = segments[s] ?? throw new ArgumentException($"segment {s + 1} is null", nameof(segments));
            CheckMask(segment, s + 1, size);
        }
    }

    private static void CheckMask(Segment segment, int number, GridSize size)
    {
        if (segment.Mask.LongLength != size.VoxelCount)
        {
            throw new ArgumentException(
                $"segment {number} ({segment.Label}) has a mask of {segment.Mask.LongLength} voxels but the {size} volume has {size.VoxelCount}",
                nameof(segment));
        }

        // IndexOfAnyExcept is vectorised, so a clean mask costs one fast pass.
        int bad = segment.Mask.AsSpan().IndexOfAnyExcept((byte)0, (byte)1);
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"segment {number} ({segment.Label}) has the value {segment.Mask[bad]} at voxel {bad}; a BINARY segment's mask holds only 0 and 1",
                nameof(segment));
        }
    }
}
