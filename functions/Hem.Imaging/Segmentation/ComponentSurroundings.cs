using Hem.Dicom.Series;
using Hem.Imaging.Morphology;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Segmentation;

/// <summary>
/// What lies around one candidate component: the air fraction of a thin shell and the median HU of the brain in a
/// ring farther out. Worked out in a crop around the component, so each costs a few small distance transforms
/// rather than whole-volume ones.
/// </summary>
internal sealed class ComponentSurroundings
{
    private readonly Volume<short> _raw;
    private readonly Volume<short> _smoothed;
    private readonly Volume<byte> _brain;
    private readonly Volume<byte> _candidates;
    private readonly HematomaSegmentationOptions _options;

    public ComponentSurroundings(Volume<short> raw, Volume<short> smoothed, Volume<byte> brain, Volume<byte> candidates, HematomaSegmentationOptions options)
    {
        _raw = raw;
        _smoothed = smoothed;
        _brain = brain;
        _candidates = candidates;
        _options = options;
    }

    /// <summary>The air fraction of the shell and the component's smoothed mean minus the ring's median (null when the ring holds no brain).</summary>
    public (double AirFraction, double? ContrastHu) Measure(Volume<int> labels, int label, VoxelBox bounds)
    {
        double margin = Math.Max(_options.AirShellMm, _options.ReferenceRingOuterMm);
        var box = bounds.Expand(margin, labels.Geometry.Spacing, labels.Size);
        var geometry = RegionOfInterest.GeometryOf(labels.Geometry, box);
        var component = Volume.Zeros<byte>(geometry);
        var size = box.Size;
        var grid = labels.Size;

        for (int z = 0; z < size.Z; z++)
        {
            for (int y = 0; y < size.Y; y++)
            {
                long whole = Index(grid, box.X0, box.Y0 + y, box.Z0 + z);
                long part = ((long)z * size.VoxelsPerSlice) + ((long)y * size.X);
                for (int x = 0; x < size.X; x++)
                {
                    component.Voxels[part + x] = (byte)(labels.Voxels[whole + x] == label ? 1 : 0);
                }
            }
        }

        var shell = BinaryMorphology.Dilate(component, _options.AirShellMm);
        var inner = BinaryMorphology.Dilate(component, _options.ReferenceRingInnerMm);
        var outer = BinaryMorphology.Dilate(component, _options.ReferenceRingOuterMm);

        long shellCount = 0;
        long airCount = 0;
        double sum = 0;
        long count = 0;
        var ring = new HuHistogram();
        for (int z = 0; z < size.Z; z++)
        {
            for (int y = 0; y < size.Y; y++)
            {
                long whole = Index(grid, box.X0, box.Y0 + y, box.Z0 + z);
                long part = ((long)z * size.VoxelsPerSlice) + ((long)y * size.X);
                for (int x = 0; x < size.X; x++)
                {
                    long p = part + x;
                    long w = whole + x;
                    if (component.Voxels[p] != 0)
                    {
                        sum += _smoothed.Voxels[w];
                        count++;
                        continue;
                    }

                    if (shell.Voxels[p] != 0)
                    {
                        shellCount++;
                        if (_raw.Voxels[w] <= _options.AirMaximumHu)
                        {
                            airCount++;
                        }
                    }

                    if (outer.Voxels[p] != 0 && inner.Voxels[p] == 0 && _brain.Voxels[w] != 0 && _candidates.Voxels[w] == 0)
                    {
                        ring.Add(_smoothed.Voxels[w]);
                    }
                }
            }
        }

        double airFraction = shellCount == 0 ? 0 : (double)airCount / shellCount;
        double? contrast = ring.Median() is { } median && count > 0 ? (sum / count) - median : null;
        return (airFraction, contrast);
    }

    private static long Index(GridSize grid, int x, int y, int z) => ((long)z * grid.VoxelsPerSlice) + ((long)y * grid.X) + x;
}
