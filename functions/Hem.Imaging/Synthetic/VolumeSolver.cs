using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// Finds the level of a hematoma's implicit surface that gives it a wanted volume of parenchyma. The room around
/// the hematoma is tabulated once on a lattice (head mm) with each point's confinement (parenchyma of the
/// hematoma's compartment); every point enters the hematoma at one value of the free parameter (its key), so the
/// volume as a function of the parameter is a weighted cumulative sum and the parameter is a weighted quantile.
/// Grid-independent: the same case gives the same shapes on 5 mm and 1 mm slices.
/// </summary>
public static class VolumeSolver
{
    private const int MaxAttempts = 4;

    /// <summary>The lattice spacing used for a hematoma of equivalent radius <paramref name="radius"/> mm.</summary>
    public static float Spacing(float radius) => Math.Clamp(radius / 11, 0.6f, 1.6f);

    /// <summary>
    /// The level for the baseline shape: the volume of {Base &lt; level} plus the satellites, inside confinement,
    /// equals <paramref name="targetMl"/>. Returns the volume reached (less when the room runs out).
    /// </summary>
    [MethodImpl(Hot.Loop)]
    public static float SolveLevel(HeadPhantom phantom, HematomaShape shape, byte compartment, double targetMl, float radius, out double reachedMl)
    {
        ArgumentNullException.ThrowIfNull(phantom);
        ArgumentNullException.ThrowIfNull(shape);
        float half = (shape.Extent * 1.3f) + 6;
        float h = Spacing(radius);
        for (int attempt = 0; ; attempt++)
        {
            var points = Tabulate(phantom, shape.Centre, half, h, compartment);
            double voxelMl = h * h * h / 1000.0;
            var keys = new List<(float Key, float Weight)>(points.Count);
            double fixedMl = 0;
            foreach (var (p, weight) in points)
            {
                if (shape.SatelliteDistance(p) < 0)
                {
                    fixedMl += weight * voxelMl;
                }
                else
                {
                    keys.Add((shape.Base(p), weight));
                }
            }

            float level = Quantile(keys, targetMl - fixedMl, voxelMl, out double reached);
            reachedMl = reached + fixedMl;
            // The surface must stay inside the box, or the box was too small to hold the volume.
            if (attempt + 1 >= MaxAttempts || !TouchesBox(points, shape.Centre, half, h, p => shape.Distance(p, level) < 0))
            {
                return level;
            }

            half *= 1.4f;
        }
    }

    /// <summary>
    /// The growth (mm at weight 1) that gives the follow-up surface g - s w the volume <paramref name="targetMl"/>,
    /// where g is the geodesic distance from the baseline surface through parenchyma (<see cref="GrowthRoom"/>);
    /// negative for a shrinking hematoma.
    /// </summary>
    [MethodImpl(Hot.Loop)]
    public static float SolveGrowth(HeadPhantom phantom, HematomaShape shape, float level, GrowthField growth, byte compartment, double targetMl, float radius, out double reachedMl, out GrowthRoom room)
    {
        ArgumentNullException.ThrowIfNull(phantom);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(growth);
        float grownRadius = MathF.Cbrt((float)(targetMl * 1000 * 3 / (4 * Math.PI)));
        float reach = (MathF.Max(0, grownRadius - radius) * GrowthField.MaxWeight) + 6;
        float half = (shape.Extent * 1.3f) + MathF.Abs(level) + reach;
        for (int attempt = 0; ; attempt++)
        {
            float h = MathF.Max(Spacing(MathF.Max(radius, grownRadius)), half / 40);
            room = GrowthRoom.Measure(phantom, shape, level, compartment, shape.Centre, half, h, out var points);
            double voxelMl = h * h * h / 1000.0;
            var keys = new List<(float Key, float Weight)>(points.Count);
            foreach (var (p, key, weight) in points)
            {
                keys.Add((key / growth.Weight(p), weight));
            }

            float s = Quantile(keys, targetMl, voxelMl, out reachedMl);
            float edge = half - (1.5f * h);
            bool touches = false;
            foreach (var (p, key, _) in points)
            {
                var d = Vector3.Abs(p - shape.Centre);
                if ((d.X > edge || d.Y > edge || d.Z > edge) && key - (s * growth.Weight(p)) < 0)
                {
                    touches = true;
                    break;
                }
            }

            if (attempt + 1 >= MaxAttempts || !touches)
            {
                return s;
            }

            half *= 1.4f;
        }
    }

    /// <summary>
    /// The boxes around the lattice points where the surface distance is below <paramref name="reach"/> and below 0,
    /// each widened by <paramref name="margin"/> mm. Confinement is not needed: the boxes may only be too large.
    /// </summary>
    public static (Vector3 Min, Vector3 Max, Vector3 MaskMin, Vector3 MaskMax) Bounds(Vector3 centre, float half, float h, Func<Vector3, float> distance, float reach, float margin)
    {
        ArgumentNullException.ThrowIfNull(distance);
        int n = (int)MathF.Ceiling(half / h);
        int size = (2 * n) + 1;
        var boxes = new (Vector3, Vector3, Vector3, Vector3)[size];
        Parallel.For(0, size, [MethodImpl(Hot.Loop)] (int k) =>
        {
            var min = new Vector3(float.MaxValue);
            var max = new Vector3(float.MinValue);
            var maskMin = min;
            var maskMax = max;
            for (int j = -n; j <= n; j++)
            {
                for (int i = -n; i <= n; i++)
                {
                    var p = centre + (h * new Vector3(i, j, k - n));
                    float d = distance(p);
                    if (d < reach)
                    {
                        min = Vector3.Min(min, p);
                        max = Vector3.Max(max, p);
                        if (d < 2 * h)
                        {
                            maskMin = Vector3.Min(maskMin, p);
                            maskMax = Vector3.Max(maskMax, p);
                        }
                    }
                }
            }

            boxes[k] = (min, max, maskMin, maskMax);
        });
        var all = (Min: new Vector3(float.MaxValue), Max: new Vector3(float.MinValue), MaskMin: new Vector3(float.MaxValue), MaskMax: new Vector3(float.MinValue));
        foreach (var (min, max, maskMin, maskMax) in boxes)
        {
            all = (Vector3.Min(all.Min, min), Vector3.Max(all.Max, max), Vector3.Min(all.MaskMin, maskMin), Vector3.Max(all.MaskMax, maskMax));
        }

        if (all.Min.X > all.Max.X)
        {
            return (centre, centre, centre, centre);
        }

        var pad = new Vector3(margin);
        return (all.Min - pad, all.Max + pad, all.MaskMin - pad, all.MaskMax + pad);
    }

    /// <summary>Lattice points within <paramref name="half"/> mm of the centre where the compartment's parenchyma is.</summary>
    public static List<(Vector3 Point, float Weight)> Tabulate(HeadPhantom phantom, Vector3 centre, float half, float h, byte compartment)
    {
        ArgumentNullException.ThrowIfNull(phantom);
        int n = (int)MathF.Ceiling(half / h);
        int size = (2 * n) + 1;
        var planes = new List<(Vector3, float)>[size];
        Parallel.For(0, size, k => planes[k] = TabulatePlane(phantom, centre, n, k - n, h, compartment));
        var all = new List<(Vector3, float)>();
        foreach (var plane in planes)
        {
            all.AddRange(plane);
        }

        return all;
    }

    [MethodImpl(Hot.Loop)]
    private static List<(Vector3, float)> TabulatePlane(HeadPhantom phantom, Vector3 centre, int n, int k, float h, byte compartment)
    {
        var list = new List<(Vector3, float)>();
        for (int j = -n; j <= n; j++)
        {
            for (int i = -n; i <= n; i++)
            {
                var p = centre + (h * new Vector3(i, j, k));
                phantom.Confinement(p, out var a);
                if (a.Envelope > 0 && a.Compartment == compartment)
                {
                    list.Add((p, a.Envelope));
                }
            }
        }

        return list;
    }

    /// <summary>The key at which the weighted count, in mL, first reaches the target (interpolated between keys).</summary>
    [MethodImpl(Hot.Loop)]
    private static float Quantile(List<(float Key, float Weight)> keys, double targetMl, double voxelMl, out double reachedMl)
    {
        keys.Sort((a, b) => a.Key.CompareTo(b.Key));
        double total = 0;
        for (int i = 0; i < keys.Count; i++)
        {
            double next = total + (keys[i].Weight * voxelMl);
            if (next >= targetMl)
            {
                reachedMl = targetMl;
                float previous = i > 0 ? keys[i - 1].Key : keys[i].Key - 0.5f;
                double t = (targetMl - total) / Math.Max(1e-12, next - total);
                return (float)(previous + (t * (keys[i].Key - previous)));
            }

            total = next;
        }

        reachedMl = total;
        return keys.Count > 0 ? keys[^1].Key : 0;
    }

    [MethodImpl(Hot.Loop)]
    private static bool TouchesBox(List<(Vector3 Point, float Weight)> points, Vector3 centre, float half, float h, Func<Vector3, bool> inside)
    {
        float edge = half - (1.5f * h);
        foreach (var (p, _) in points)
        {
            var d = Vector3.Abs(p - centre);
            if ((d.X > edge || d.Y > edge || d.Z > edge) && inside(p))
            {
                return true;
            }
        }

        return false;
    }
}
