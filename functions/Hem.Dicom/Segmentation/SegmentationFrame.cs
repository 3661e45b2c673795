namespace Hem.Dicom.Segmentation;

/// <summary>One frame of a segmentation: a segment (numbered from 1) on one plane of the volume (z, from 0).</summary>
internal readonly record struct SegmentationFrame(int SegmentNumber, int Plane);

/// <summary>
/// Which frames a BINARY segmentation holds: every (segment, plane) pair with at least one voxel set, ordered by
/// segment, then by plane along z. Empty frames are left out (a viewer shows nothing for a missing frame, and a
/// hematoma touches few of a head's planes). When every mask is empty one empty frame of the first segment on the
/// first plane is kept, because the object must have at least one frame.
/// </summary>
internal static class FramePlan
{
    public static IReadOnlyList<SegmentationFrame> For(IReadOnlyList<Segment> segments, int pixelsPerPlane, int planes)
    {
        var frames = new List<SegmentationFrame>();
        for (int s = 0; s < segments.Count; s++)
        {
            for (int z = 0; z < planes; z++)
            {
                if (Plane(segments[s], z, pixelsPerPlane).Span.Contains((byte)1))
                {
                    frames.Add(new SegmentationFrame(s + 1, z));
                }
            }
        }

        return frames.Count > 0 ? frames : [new SegmentationFrame(1, 0)];
    }

    /// <summary>The mask values of one plane: a slice of the array, not a copy.</summary>
    public static ReadOnlyMemory<byte> Plane(Segment segment, int z, int pixelsPerPlane) =>
        segment.Mask.AsMemory(z * pixelsPerPlane, pixelsPerPlane);
}
