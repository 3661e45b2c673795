using System.Numerics;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// The structures inside the brain, tabulated on one lattice (template mm, 1.25 mm spacing) as four signed
/// distances: X the ventricles (lateral, third, fourth), Y the deep grey nuclei (caudate, putamen, globus pallidus,
/// thalamus), Z the brainstem, W the cerebellum. Positions follow standard adult anatomy (lateral ventricle
/// frontal horns beside a 3 mm septum, atria at the trigone, temporal horns running forward and down; putamen
/// lateral to the internal capsule; thalami either side of the third ventricle). Ventricle size grows with
/// <see cref="VentricleScale"/>, the case's atrophy.
/// </summary>
public sealed class DeepBrain
{
    public const float LatticeSpacing = 1.25f;

    private static readonly Vector4 Far = new(50, 50, 50, 50);

    private readonly FieldLattice _lattice;

    public DeepBrain(float ventricleScale)
    {
        VentricleScale = ventricleScale;
        _lattice = new FieldLattice(new Vector3(-60, -48, -76), new Vector3(60, 80, 36), LatticeSpacing, Far, Far);
        AddVentricles(ventricleScale);
        AddNuclei();
        AddBrainstem();
        AddCerebellum();
    }

    public float VentricleScale { get; }

    /// <summary>The four distances at a template point (each 50 mm or more where the structure is far).</summary>
    public Vector4 Sample(Vector3 t) => _lattice.Sample(t);

    /// <summary>Whether the lattice holds a point (outside, every structure is far).</summary>
    public bool Covers(Vector3 t) => _lattice.Covers(t);

    /// <summary>The lateral ventricle's centre line (x for the left side; radius in W), frontal tip to occipital tip.</summary>
    private static readonly Vector4[] LateralVentricleLine =
    [
        new(6.0f, -34, 10, 2.6f),
        new(6.5f, -25, 14, 4.6f),
        new(7.0f, -9, 17, 4.0f),
        new(8.5f, 7, 20, 3.9f),
        new(13.0f, 20, 19, 4.5f),
        new(21.0f, 31, 13, 6.2f),
        new(19.0f, 45, 9, 3.4f),
        new(15.0f, 55, 8, 1.4f),
    ];

    private static readonly Vector4[] TemporalHornLine =
    [
        new(21.0f, 31, 13, 5.0f),
        new(28.0f, 24, 0, 3.6f),
        new(31.0f, 10, -12, 2.8f),
        new(30.0f, -4, -20, 1.6f),
    ];

    /// <summary>The deepest (most posterior) point of an occipital horn, where blood layers in a supine patient.</summary>
    public Vector3 OccipitalHornTip(int side)
    {
        var tip = LateralVentricleLine[^1];
        return new Vector3(side * (tip.X + ((VentricleScale - 1) * 2.5f)), tip.Y, tip.Z);
    }

    private void AddVentricles(float v)
    {
        foreach (int side in new[] { -1, 1 })
        {
            AddTubeChain(0, LateralVentricleLine, side, v);
            AddTubeChain(0, TemporalHornLine, side, v);
        }

        // The third ventricle: a thin midline slit between the thalami.
        AddEllipsoid(0, OrientedEllipsoid.Aligned(new Vector3(0, 6, 4), new Vector3(1.4f * v, 13, 8)));
        AddEllipsoid(0, OrientedEllipsoid.Aligned(new Vector3(0, 33.5f, -35), new Vector3(6, 3.2f, 7)));
    }

    private void AddNuclei()
    {
        foreach (int side in new[] { -1, 1 })
        {
            AddEllipsoid(1, OrientedEllipsoid.Aligned(new Vector3(side * 12.0f, -20, 12), new Vector3(4.5f, 9, 8)));
            AddTube(1, new Vector3(side * 12.5f, -10, 17), new Vector3(side * 15.5f, 12, 22), 3.0f, 1.8f);
            AddEllipsoid(1, OrientedEllipsoid.Rotated(new Vector3(side * 24, -4, 2), new Vector3(4.5f, 14, 9), side * 0.12f, 0, 0));
            AddEllipsoid(1, OrientedEllipsoid.Rotated(new Vector3(side * 18.5f, -1, 0), new Vector3(3, 8, 5), side * 0.12f, 0, 0));
            AddEllipsoid(1, OrientedEllipsoid.Aligned(new Vector3(side * 9.5f, 13, 7), new Vector3(7.5f, 13, 8.5f)));
        }
    }

    private void AddBrainstem()
    {
        Vector4[] line =
        [
            new(0, 6, 2, 8),
            new(0, 10, -8, 10),
            new(0, 14, -22, 12.5f),
            new(0, 17, -38, 12),
            new(0, 24, -52, 9),
            new(0, 28, -75, 7),
            new(0, 30, -100, 6.5f),
        ];
        AddTubeChain(2, line, 1, 1);
    }

    private void AddCerebellum()
    {
        foreach (int side in new[] { -1, 1 })
        {
            AddEllipsoid(3, OrientedEllipsoid.Aligned(new Vector3(side * 24, 46, -37), new Vector3(26, 27, 19)));
            AddTube(3, new Vector3(side * 9, 22, -32), new Vector3(side * 20, 36, -34), 7, 8);
        }

        AddEllipsoid(3, OrientedEllipsoid.Aligned(new Vector3(0, 46, -31), new Vector3(11, 16, 17)));
    }

    private void AddTubeChain(int channel, Vector4[] line, int side, float radiusScale)
    {
        // Larger ventricles also spread sideways, as atrophic ventricles do.
        float spread = (radiusScale - 1) * 2.5f;
        for (int i = 0; i + 1 < line.Length; i++)
        {
            var a = line[i];
            var b = line[i + 1];
            var pa = new Vector3(side * (a.X + (a.X > 0 ? spread : 0)), a.Y, a.Z);
            var pb = new Vector3(side * (b.X + (b.X > 0 ? spread : 0)), b.Y, b.Z);
            AddTube(channel, pa, pb, a.W * radiusScale, b.W * radiusScale);
        }
    }

    private void AddTube(int channel, Vector3 a, Vector3 b, float ra, float rb)
    {
        float margin = MathF.Max(ra, rb) + 6;
        var pad = new Vector3(margin);
        _lattice.UnionInto(channel, Vector3.Min(a, b) - pad, Vector3.Max(a, b) + pad, p => Implicit.Tube(p, a, b, ra, rb));
    }

    private void AddEllipsoid(int channel, OrientedEllipsoid ellipsoid)
    {
        var pad = new Vector3(ellipsoid.MaxRadius + 6);
        _lattice.UnionInto(channel, ellipsoid.Center - pad, ellipsoid.Center + pad, ellipsoid.Distance);
    }
}
