using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// Where a growing hematoma can go: a lattice (head mm) around the baseline hematoma holding, per point, the
/// geodesic distance from the baseline surface through parenchyma of the hematoma's compartment (Dijkstra over
/// the 26-neighbourhood; ventricles, cisterns, fissures, bone and the other compartment are walls). Growth by this
/// distance rather than the straight one means a hematoma grows around a ventricle, never across it, and dissects
/// along tissue, as the paper's synthetic growth (dilation weighted by distance, avoiding the ventricles) does.
/// </summary>
public sealed class GrowthRoom
{
    /// <summary>The value of points the hematoma cannot reach.</summary>
    public const float Unreachable = 1000;

    private readonly FieldLattice _lattice;

    private GrowthRoom(FieldLattice lattice) => _lattice = lattice;

    /// <summary>
    /// The geodesic distance (mm, negative inside the baseline, as the baseline surface function is) at a point;
    /// <see cref="Unreachable"/> off the lattice or behind a wall.
    /// </summary>
    [MethodImpl(Hot.Inline)]
    public float Distance(Vector3 p) => _lattice.Sample(p).X;

    /// <summary>Measures the room within <paramref name="half"/> mm of the centre at spacing <paramref name="h"/>.</summary>
    [MethodImpl(Hot.Loop)]
    public static GrowthRoom Measure(HeadPhantom phantom, HematomaShape shape, float level, byte compartment, Vector3 centre, float half, float h, out List<(Vector3 Point, float Key, float Weight)> points)
    {
        ArgumentNullException.ThrowIfNull(phantom);
        ArgumentNullException.ThrowIfNull(shape);
        int n = (int)MathF.Ceiling(half / h);
        int size = (2 * n) + 1;
        var origin = centre - new Vector3(n * h);
        long count = (long)size * size * size;
        var weight = new float[count];
        var surface = new float[count];
        Parallel.For(0, size, [MethodImpl(Hot.Loop)] (int k) =>
        {
            for (int j = 0; j < size; j++)
            {
                for (int i = 0; i < size; i++)
                {
                    long index = (((long)k * size) + j) * size + i;
                    var p = origin + (h * new Vector3(i, j, k));
                    phantom.Confinement(p, out var a);
                    weight[index] = a.Compartment == compartment ? a.Envelope : 0;
                    surface[index] = shape.Distance(p, level);
                }
            }
        });

        var distance = Geodesic(weight, surface, size, h);
        var lattice = new FieldLattice(origin, size, size, size, h, new Vector4(Unreachable), new Vector4(Unreachable));
        lattice.Transform((i, j, k) => new Vector4(distance[(((long)k * size) + j) * size + i], 0, 0, 0));
        points = new List<(Vector3, float, float)>();
        for (int k = 0; k < size; k++)
        {
            for (int j = 0; j < size; j++)
            {
                for (int i = 0; i < size; i++)
                {
                    long index = (((long)k * size) + j) * size + i;
                    if (weight[index] > 0 && distance[index] < Unreachable)
                    {
                        points.Add((origin + (h * new Vector3(i, j, k)), distance[index], weight[index]));
                    }
                }
            }
        }

        return new GrowthRoom(lattice);
    }

    /// <summary>
    /// Dijkstra from every point inside the baseline (which start at their own, negative, surface value) through
    /// points that are mostly parenchyma; the result never undercuts the straight surface distance.
    /// </summary>
    [MethodImpl(Hot.Loop)]
    private static float[] Geodesic(float[] weight, float[] surface, int size, float h)
    {
        var distance = new float[weight.Length];
        Array.Fill(distance, Unreachable);
        var queue = new PriorityQueue<long, float>();
        for (long i = 0; i < weight.Length; i++)
        {
            if (surface[i] <= 0 && weight[i] >= 0.5f)
            {
                distance[i] = surface[i];
                queue.Enqueue(i, surface[i]);
            }
        }

        Span<int> dx = stackalloc int[26];
        Span<int> dy = stackalloc int[26];
        Span<int> dz = stackalloc int[26];
        Span<float> cost = stackalloc float[26];
        int m = 0;
        for (int z = -1; z <= 1; z++)
        {
            for (int y = -1; y <= 1; y++)
            {
                for (int x = -1; x <= 1; x++)
                {
                    if (x == 0 && y == 0 && z == 0)
                    {
                        continue;
                    }

                    dx[m] = x;
                    dy[m] = y;
                    dz[m] = z;
                    cost[m] = h * MathF.Sqrt((x * x) + (y * y) + (z * z));
                    m++;
                }
            }
        }

        long plane = (long)size * size;
        while (queue.TryDequeue(out long index, out float d))
        {
            if (d > distance[index])
            {
                continue;
            }

            int k = (int)(index / plane);
            int j = (int)(index / size % size);
            int i = (int)(index % size);
            for (int e = 0; e < 26; e++)
            {
                int ii = i + dx[e], jj = j + dy[e], kk = k + dz[e];
                if ((uint)ii >= (uint)size || (uint)jj >= (uint)size || (uint)kk >= (uint)size)
                {
                    continue;
                }

                long next = (kk * plane) + ((long)jj * size) + ii;
                if (weight[next] < 0.5f)
                {
                    continue;
                }

                float candidate = MathF.Max(d + cost[e], surface[next]);
                if (candidate < distance[next])
                {
                    distance[next] = candidate;
                    queue.Enqueue(next, candidate);
                }
            }
        }

        return distance;
    }
}
