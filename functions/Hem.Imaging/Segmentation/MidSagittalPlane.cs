using Hem.Dicom.Series;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Segmentation;

/// <summary>
/// The brain's plane of symmetry on an axial grid, <c>x = a + b y + c z</c> in millimetres along the grid's axes
/// (x along rows, left-right; y along columns, anterior-posterior; z across slices), estimated from a brain mask:
/// each large axial section of a symmetric body has its centroid on the plane and its long axis (the brain is
/// longer front to back than across) along it. Yaw tilts the long axis (<c>b</c>), roll moves the centroids
/// sideways from slice to slice (<c>c</c>); pitch leaves the plane where it is.
/// </summary>
internal sealed class MidSagittalPlane
{
    /// <summary>Sections smaller than this share of the largest one are left out: near the vertex and the skull base they are small and irregular.</summary>
    private const double LargeSectionShare = 0.5;

    private readonly double _sx;
    private readonly double _sy;
    private readonly double _sz;
    private readonly double _nx;
    private readonly double _ny;
    private readonly double _nz;
    private readonly double _offset;

    private MidSagittalPlane(Vector3D spacing, double a, double b, double c)
    {
        (_sx, _sy, _sz) = (spacing.X, spacing.Y, spacing.Z);
        double length = Math.Sqrt(1 + (b * b) + (c * c));
        (_nx, _ny, _nz) = (1 / length, -b / length, -c / length);
        _offset = a / length;
    }

    /// <summary>The plane of a brain mask, or null when no section is large enough to measure.</summary>
    public static MidSagittalPlane? Of(Volume<byte> brain)
    {
        ArgumentNullException.ThrowIfNull(brain);
        var size = brain.Size;
        var spacing = brain.Geometry.Spacing;
        var sections = new SectionMoments[size.Z];
        int plane = checked((int)size.VoxelsPerSlice);
        Parallel.For(0, size.Z, z => sections[z] = SectionMoments.Of(brain.Voxels.AsSpan(z * plane, plane), size.X, size.Y, spacing));

        long largest = sections.Max(s => s.Count);
        var large = Enumerable.Range(0, size.Z).Where(z => largest > 0 && sections[z].Count >= LargeSectionShare * largest).ToArray();
        if (large.Length == 0)
        {
            return null;
        }

        // A section wider than long says nothing about the midline's direction (a brain's are longer front to back).
        var angles = large.Select(z => sections[z].LongAxisAngle).Where(a => Math.Abs(a) < Math.PI / 4).Order().ToArray();
        double b = angles.Length > 0 ? Math.Tan(angles[angles.Length / 2]) : 0;

        // Each section's centroid fixes a + c z; a least-squares line through them gives both.
        double sumZ = 0, sumU = 0, sumZz = 0, sumZu = 0;
        foreach (int z in large)
        {
            double zMm = z * spacing.Z;
            double u = sections[z].CentreX - (b * sections[z].CentreY);
            sumZ += zMm;
            sumU += u;
            sumZz += zMm * zMm;
            sumZu += zMm * u;
        }

        int n = large.Length;
        double denominator = (n * sumZz) - (sumZ * sumZ);
        double c = n > 1 && denominator > 1e-9 ? ((n * sumZu) - (sumZ * sumU)) / denominator : 0;
        double a = (sumU - (c * sumZ)) / n;
        return new MidSagittalPlane(spacing, a, b, c);
    }

    /// <summary>The signed distance (mm) of voxel (x, y, z) from the plane.</summary>
    public double DistanceMm(int x, int y, int z) => (x * _sx * _nx) + (y * _sy * _ny) + (z * _sz * _nz) - _offset;

    /// <summary>The voxel nearest to the mirror image of voxel (x, y, z); it may lie off the grid.</summary>
    public (int X, int Y, int Z) Mirror(int x, int y, int z)
    {
        double px = x * _sx;
        double py = y * _sy;
        double pz = z * _sz;
        double twice = 2 * DistanceMm(x, y, z);
        return (
            (int)Math.Round((px - (twice * _nx)) / _sx),
            (int)Math.Round((py - (twice * _ny)) / _sy),
            (int)Math.Round((pz - (twice * _nz)) / _sz));
    }

    /// <summary>Area, centroid and second moments of one axial section (mm).</summary>
    private readonly record struct SectionMoments(long Count, double CentreX, double CentreY, double Xx, double Yy, double Xy)
    {
        /// <summary>The angle of the long axis from the y axis toward x (radians, within +-pi/2).</summary>
        public double LongAxisAngle => 0.5 * Math.Atan2(2 * Xy, Yy - Xx);

        public static SectionMoments Of(ReadOnlySpan<byte> section, int width, int height, Vector3D spacing)
        {
            long count = 0;
            double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
            for (int y = 0; y < height; y++)
            {
                var row = section.Slice(y * width, width);
                double py = y * spacing.Y;
                for (int x = 0; x < width; x++)
                {
                    if (row[x] != 0)
                    {
                        double px = x * spacing.X;
                        count++;
                        sx += px;
                        sy += py;
                        sxx += px * px;
                        syy += py * py;
                        sxy += px * py;
                    }
                }
            }

            if (count == 0)
            {
                return default;
            }

            double cx = sx / count;
            double cy = sy / count;
            return new SectionMoments(count, cx, cy, (sxx / count) - (cx * cx), (syy / count) - (cy * cy), (sxy / count) - (cx * cy));
        }
    }
}
