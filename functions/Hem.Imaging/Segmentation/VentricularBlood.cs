using Hem.Imaging.Morphology;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Segmentation;

/// <summary>
/// Finds blood that lies in a ventricle rather than in brain. A ventricle filled with blood shows no CSF, so the
/// blood is recognised by its mirror image: the ventricles are nearly symmetric about the mid-sagittal plane, and
/// where one side holds blood the other side's ventricle still holds CSF. A parenchymal hematoma mirrors onto brain.
/// </summary>
/// <remarks>
/// The ventricles are the CSF-dense bodies of the brain (once an erosion has cut the thin sulci and the narrow
/// channels to the cisterns) that stay deep inside it and near the midline: sulci, fissures and cisterns reach the
/// brain's surface, and the insular cisterns, the deep ones cut off by the erosion, lie far out to the side. Blood
/// lying symmetrically (both occipital horns, the third ventricle on the midline) mirrors onto blood and is not
/// recognised.
/// </remarks>
internal static class VentricularBlood
{
    /// <summary>Room around the brain for the erosions and growing back to work in a crop as on the whole grid.</summary>
    private const double CropMarginMm = 5;

    /// <summary>The candidates whose mirror image lies in a ventricle (none when no plane can be measured).</summary>
    public static Volume<byte> Find(Volume<byte> candidates, Volume<short> smoothed, Volume<byte> brain, Volume<float> depthMm, HematomaSegmentationOptions options)
    {
        // Candidates and ventricles lie in the brain: work in its box, a fraction of the grid.
        if (RegionOfInterest.Around(brain, CropMarginMm) is not { } box)
        {
            return Volume.Zeros<byte>(candidates.Geometry);
        }

        var inBox = RegionOfInterest.Crop(brain, box);
        var found = Volume.Zeros<byte>(inBox.Geometry);
        if (MidSagittalPlane.Of(inBox) is { } plane)
        {
            var ventricles = Ventricles(RegionOfInterest.Crop(smoothed, box), inBox, RegionOfInterest.Crop(depthMm, box), plane, options);
            MarkMirrored(RegionOfInterest.Crop(candidates, box), ventricles, plane, options.VentricleMirrorMarginMm, found);
        }

        return RegionOfInterest.Uncrop(found, box, candidates.Geometry, (byte)0);
    }

    /// <summary>Marks the candidates whose mirror image lies within the mirror margin of a ventricle, in its slice.</summary>
    private static void MarkMirrored(Volume<byte> candidates, Volume<byte> ventricles, MidSagittalPlane plane, double marginMm, Volume<byte> found)
    {
        // The plane is an estimate and the ventricles are not exactly symmetric: a ventricle voxel within the margin
        // of the mirror image counts. In-plane only, as slices are several times thicker than pixels.
        var spacing = candidates.Geometry.Spacing;
        var offsets = new List<(int Dx, int Dy)>();
        int rx = (int)Math.Floor(marginMm / spacing.X);
        int ry = (int)Math.Floor(marginMm / spacing.Y);
        for (int dy = -ry; dy <= ry; dy++)
        {
            for (int dx = -rx; dx <= rx; dx++)
            {
                if (Math.Pow(dx * spacing.X, 2) + Math.Pow(dy * spacing.Y, 2) <= marginMm * marginMm * (1 + 1e-9))
                {
                    offsets.Add((dx, dy));
                }
            }
        }

        var size = candidates.Size;
        Parallel.For(0, size.Z, z =>
        {
            for (int y = 0; y < size.Y; y++)
            {
                long row = ((long)z * size.VoxelsPerSlice) + ((long)y * size.X);
                for (int x = 0; x < size.X; x++)
                {
                    if (candidates.Voxels[row + x] != 0 && NearVentricle(ventricles, plane.Mirror(x, y, z), offsets))
                    {
                        found.Voxels[row + x] = 1;
                    }
                }
            }
        });
    }

    private static bool NearVentricle(Volume<byte> ventricles, (int X, int Y, int Z) mirror, List<(int Dx, int Dy)> offsets)
    {
        foreach (var (dx, dy) in offsets)
        {
            int x = mirror.X + dx;
            int y = mirror.Y + dy;
            if (ventricles.Contains(x, y, mirror.Z) && ventricles.Voxels[ventricles.IndexOf(x, y, mirror.Z)] != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The CSF bodies that stay deep inside the brain near the midline. Each radius erodes the CSF (cutting sulci
    /// and the narrow channels that join ventricles to cisterns); the cores of bodies that pass are grown back by
    /// twice the radius inside the CSF, which restores what an opening would and the walls it rounds off. Thin
    /// ventricles survive only the small radii; a ventricle joined to the cisterns by partial volume is cut loose
    /// only by the large ones.
    /// </summary>
    private static Volume<byte> Ventricles(Volume<short> smoothed, Volume<byte> brain, Volume<float> depthMm, MidSagittalPlane plane, HematomaSegmentationOptions options)
    {
        var csf = Masks.IntersectInPlace(Masks.InRange(smoothed, short.MinValue, options.VentricleCsfMaximumHu), brain);
        // One distance map gives the erosions by every radius; the growing back only visits the deep bodies' box.
        var inward = DistanceTransform.ToBackground(csf);
        var ventricles = Volume.Zeros<byte>(csf.Geometry);
        foreach (double radius in options.VentricleErosionRadiiMm)
        {
            var cores = Volume.Zeros<byte>(csf.Geometry);
            for (int i = 0; i < cores.Voxels.Length; i++)
            {
                cores.Voxels[i] = (byte)(inward.Voxels[i] > radius ? 1 : 0);
            }

            var grown = Masks.IntersectInPlace(BinaryMorphology.Dilate(DeepMedialBodies(cores, radius, depthMm, plane, options), 2 * radius), csf);
            for (int i = 0; i < grown.Voxels.Length; i++)
            {
                ventricles.Voxels[i] |= grown.Voxels[i];
            }
        }

        return ventricles;
    }

    /// <summary>
    /// The components of eroded CSF that, grown back by the radius, stay clear of the brain's border by the minimum
    /// depth, lie near the midline on average and are large enough.
    /// </summary>
    private static Volume<byte> DeepMedialBodies(Volume<byte> cores, double radius, Volume<float> depthMm, MidSagittalPlane plane, HematomaSegmentationOptions options)
    {
        var components = ConnectedComponents.Label(cores, Connectivity.Full);
        var shallowest = new float[components.Count + 1];
        shallowest.AsSpan().Fill(float.PositiveInfinity);
        var offsetSum = new double[components.Count + 1];
        var labels = components.Labels.Voxels;
        var size = cores.Size;
        long i = 0;
        for (int z = 0; z < size.Z; z++)
        {
            for (int y = 0; y < size.Y; y++)
            {
                for (int x = 0; x < size.X; x++, i++)
                {
                    int label = labels[i];
                    if (label != 0)
                    {
                        shallowest[label] = Math.Min(shallowest[label], depthMm.Voxels[i]);
                        offsetSum[label] += Math.Abs(plane.DistanceMm(x, y, z));
                    }
                }
            }
        }

        return components.MaskWhere(label =>
            shallowest[label] - radius >= options.VentricleMinimumDepthMm
            && offsetSum[label] / components.SizeOf(label) <= options.VentricleMaximumOffsetMm
            && components.VolumeMlOf(label) >= options.VentricleMinimumMl);
    }
}
