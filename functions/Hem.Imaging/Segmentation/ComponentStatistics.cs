using Hem.Imaging.Morphology;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Segmentation;

/// <summary>Bounding boxes, mean raw HU and whether a core lies in each component, gathered in one pass over the labels.</summary>
internal sealed class ComponentStatistics
{
    private readonly int[] _x0;
    private readonly int[] _y0;
    private readonly int[] _z0;
    private readonly int[] _x1;
    private readonly int[] _y1;
    private readonly int[] _z1;
    private readonly double[] _sumHu;
    private readonly long[] _count;
    private readonly bool[] _hasCore;

    private ComponentStatistics(int count)
    {
        _x0 = Filled(count, int.MaxValue);
        _y0 = Filled(count, int.MaxValue);
        _z0 = Filled(count, int.MaxValue);
        _x1 = new int[count + 1];
        _y1 = new int[count + 1];
        _z1 = new int[count + 1];
        _sumHu = new double[count + 1];
        _count = new long[count + 1];
        _hasCore = new bool[count + 1];
    }

    public static ComponentStatistics Of(ComponentLabels components, Volume<short> ct, Volume<byte>? cores)
    {
        var statistics = new ComponentStatistics(components.Count);
        var labels = components.Labels;
        var size = labels.Size;
        long i = 0;
        for (int z = 0; z < size.Z; z++)
        {
            for (int y = 0; y < size.Y; y++)
            {
                for (int x = 0; x < size.X; x++, i++)
                {
                    int label = labels.Voxels[i];
                    if (label != 0)
                    {
                        statistics.Add(label, x, y, z, ct.Voxels[i], cores is not null && cores.Voxels[i] != 0);
                    }
                }
            }
        }

        return statistics;
    }

    public bool HasCore(int label) => _hasCore[label];

    public double MeanHu(int label) => _sumHu[label] / _count[label];

    public VoxelBox Bounds(int label) => new(_x0[label], _y0[label], _z0[label], _x1[label] + 1, _y1[label] + 1, _z1[label] + 1);

    private void Add(int label, int x, int y, int z, short hu, bool core)
    {
        _x0[label] = Math.Min(_x0[label], x);
        _y0[label] = Math.Min(_y0[label], y);
        _z0[label] = Math.Min(_z0[label], z);
        _x1[label] = Math.Max(_x1[label], x);
        _y1[label] = Math.Max(_y1[label], y);
        _z1[label] = Math.Max(_z1[label], z);
        _sumHu[label] += hu;
        _count[label]++;
        _hasCore[label] |= core;
    }

    private static int[] Filled(int count, int value)
    {
        var values = new int[count + 1];
        values.AsSpan().Fill(value);
        return values;
    }
}
