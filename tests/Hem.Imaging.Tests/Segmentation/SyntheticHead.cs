using Hem.Dicom.Series;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Segmentation;

/// <summary>An axis-aligned ellipsoid in patient mm.</summary>
internal readonly record struct Ellipsoid(Vector3D Centre, Vector3D SemiAxes)
{
    public bool Contains(double x, double y, double z)
    {
        double dx = (x - Centre.X) / SemiAxes.X;
        double dy = (y - Centre.Y) / SemiAxes.Y;
        double dz = (z - Centre.Z) / SemiAxes.Z;
        return (dx * dx) + (dy * dy) + (dz * dz) <= 1;
    }

    public Ellipsoid Grown(double mm) => this with { SemiAxes = new Vector3D(SemiAxes.X + mm, SemiAxes.Y + mm, SemiAxes.Z + mm) };
}

/// <summary>A blob of blood in a synthetic head, with its HU.</summary>
internal sealed record BloodBlob(Ellipsoid Shape, short Hu);

/// <summary>
/// A synthetic head CT for the segmentation tests (the project's synthetic generator replaces it when it lands):
/// ellipsoid scalp (40 HU, 5 mm), skull (1000 HU, 7 mm), a 2 mm CSF layer under it (8 HU), brain (35 HU with a
/// slow +/-3 HU variation), two ventricles (5 HU) with a calcified plexus (400 HU) in one, and blood blobs.
/// Every voxel averages 3 x 3 x 5 points, so edges have partial volume as a scanner's do; Gaussian noise is added
/// after. The grid is 0.8 x 0.8 x 5 mm in LPS and cuts the head off below, as a head CT ends at the neck.
/// </summary>
internal sealed class SyntheticHead
{
    public static readonly Ellipsoid InnerSkull = new(new Vector3D(0, 0, 0), new Vector3D(65, 80, 60));
    public static readonly BloodBlob DeepBlob = new(new Ellipsoid(new Vector3D(-22, -8, 8), new Vector3D(14, 18, 16)), 70);
    public static readonly BloodBlob CorticalBlob = new(new Ellipsoid(new Vector3D(42, 28, -8), new Vector3D(11, 12, 12)), 66);

    private const int AirTissue = 0;
    private const int ScalpTissue = 1;
    private const int BoneTissue = 2;
    private const int PlexusTissue = 3;
    private const int VentricleTissue = 4;
    private const int CsfTissue = 5;
    private const int RimTissue = 6;
    private const int BrainTissue = 7;
    private const int FirstBlobTissue = 8;
    private const short Air = -1000;
    private const short Scalp = 40;
    private const short Bone = 1000;
    private const short Csf = 8;
    private const short Ventricle = 5;
    private const short Plexus = 400;
    public static readonly Ellipsoid LeftVentricle = new(new Vector3D(-11, -5, 12), new Vector3D(6, 22, 10));
    public static readonly Ellipsoid RightVentricle = new(new Vector3D(11, -5, 12), new Vector3D(6, 22, 10));

    private static readonly Ellipsoid[] Ventricles = [LeftVentricle, RightVentricle];
    private static readonly Ellipsoid ScalpOuter = InnerSkull.Grown(12);
    private static readonly Ellipsoid SkullOuter = InnerSkull.Grown(7);
    private static readonly Ellipsoid CsfInner = InnerSkull.Grown(-2);
    private static readonly Ellipsoid PlexusCalcification = new(new Vector3D(11, 8, 12), new Vector3D(3, 3, 3));

    public SyntheticHead(IReadOnlyList<BloodBlob> blobs, double noiseSd, int seed = 7, int slices = 26, double sliceMm = 5, short? duralRimHu = null)
    {
        Blobs = blobs;
        _duralRimHu = duralRimHu;
        var row = new Vector3D(1, 0, 0);
        var column = new Vector3D(0, 1, 0);
        var slice = new Vector3D(0, 0, 1);
        var size = new GridSize(212, 250, slices);
        var spacing = new Vector3D(0.8, 0.8, sliceMm);

        // Centred in x and y; the first slice lies 52.5 mm below the centre, so the lowest slices cut through the brain.
        var centreOffset = ((size.X - 1) / 2.0 * spacing.X * row) + ((size.Y - 1) / 2.0 * spacing.Y * column);
        double firstZ = -52.5;
        var origin = new Vector3D(0, 0, firstZ) - centreOffset;
        Geometry = new VolumeGeometry(size, spacing, origin, row, column, slice);
        Ct = Render(noiseSd, seed);
    }

    private readonly short? _duralRimHu;

    public IReadOnlyList<BloodBlob> Blobs { get; }

    public VolumeGeometry Geometry { get; }

    public Volume<short> Ct { get; }

    public static SyntheticHead WithTwoBlobs(double noiseSd = 5, int seed = 7) => new([DeepBlob, CorticalBlob], noiseSd, seed);

    public static SyntheticHead Healthy(double noiseSd = 5, int seed = 7) => new([], noiseSd, seed);

    /// <summary>Voxels whose centre lies in the shape (and inside the skull).</summary>
    public Volume<byte> TruthOf(Ellipsoid shape)
    {
        var mask = Volume.Zeros<byte>(Geometry);
        ForEachVoxel((x, y, z, p) =>
        {
            if (shape.Contains(p.X, p.Y, p.Z) && InnerSkull.Contains(p.X, p.Y, p.Z))
            {
                mask[x, y, z] = 1;
            }
        });
        return mask;
    }

    public Volume<byte> BloodTruth()
    {
        var mask = Volume.Zeros<byte>(Geometry);
        foreach (var blob in Blobs)
        {
            var one = TruthOf(blob.Shape);
            for (int i = 0; i < mask.Voxels.Length; i++)
            {
                mask.Voxels[i] |= one.Voxels[i];
            }
        }

        return mask;
    }

    public Volume<byte> PlexusTruth() => TruthOf(PlexusCalcification);

    public Volume<byte> VentricleTruth()
    {
        var left = TruthOf(Ventricles[0]);
        var right = TruthOf(Ventricles[1]);
        for (int i = 0; i < left.Voxels.Length; i++)
        {
            left.Voxels[i] |= right.Voxels[i];
        }

        return left;
    }

    private void ForEachVoxel(Action<int, int, int, Vector3D> action)
    {
        var size = Geometry.Size;
        for (int z = 0; z < size.Z; z++)
        {
            for (int y = 0; y < size.Y; y++)
            {
                for (int x = 0; x < size.X; x++)
                {
                    action(x, y, z, Geometry.IndexToPatient(x, y, z));
                }
            }
        }
    }

    private Volume<short> Render(double noiseSd, int seed)
    {
        var ct = Volume.Zeros<short>(Geometry);
        var size = Geometry.Size;
        Parallel.For(0, size.Z, z =>
        {
            var random = new Random(seed + (1000 * z));
            for (int y = 0; y < size.Y; y++)
            {
                for (int x = 0; x < size.X; x++)
                {
                    double noise = noiseSd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    ct.Voxels[ct.IndexOf(x, y, z)] = (short)Math.Round(VoxelHu(x, y, z) + noise, MidpointRounding.AwayFromZero);
                }
            }
        });
        return ct;
    }

    /// <summary>
    /// A voxel's HU: the tissue at its centre when its eight corners hold the same tissue, otherwise the mean over
    /// 3 x 3 x 5 points (partial volume). The grid is axis-aligned, so points are offsets from the origin.
    /// </summary>
    private double VoxelHu(int x, int y, int z)
    {
        var spacing = Geometry.Spacing;
        var origin = Geometry.Origin;
        double cx = origin.X + (x * spacing.X);
        double cy = origin.Y + (y * spacing.Y);
        double cz = origin.Z + (z * spacing.Z);
        int tissue = TissueAt(cx, cy, cz);
        bool uniform = true;
        for (int corner = 0; corner < 8 && uniform; corner++)
        {
            uniform = TissueAt(
                cx + ((corner & 1) == 0 ? -0.5 : 0.5) * spacing.X,
                cy + ((corner & 2) == 0 ? -0.5 : 0.5) * spacing.Y,
                cz + ((corner & 4) == 0 ? -0.5 : 0.5) * spacing.Z) == tissue;
        }

        if (uniform)
        {
            return HuOf(tissue, cx, cy);
        }

        double sum = 0;
        for (int sz = 0; sz < 5; sz++)
        {
            double pz = cz + ((sz - 2) / 5.0 * spacing.Z);
            for (int sy = 0; sy < 3; sy++)
            {
                double py = cy + ((sy - 1) / 3.0 * spacing.Y);
                for (int sx = 0; sx < 3; sx++)
                {
                    double px = cx + ((sx - 1) / 3.0 * spacing.X);
                    sum += HuOf(TissueAt(px, py, pz), px, py);
                }
            }
        }

        return sum / 45;
    }

    private double HuOf(int tissue, double x, double y) => tissue switch
    {
        AirTissue => Air,
        ScalpTissue => Scalp,
        BoneTissue => Bone,
        PlexusTissue => Plexus,
        VentricleTissue => Ventricle,
        CsfTissue => Csf,
        RimTissue => _duralRimHu ?? Csf,
        BrainTissue => 35 + (3 * Math.Sin(x / 9) * Math.Cos(y / 11)),
        _ => Blobs[tissue - FirstBlobTissue].Hu,
    };

    private int TissueAt(double x, double y, double z)
    {
        if (!ScalpOuter.Contains(x, y, z))
        {
            return AirTissue;
        }

        if (!SkullOuter.Contains(x, y, z))
        {
            return ScalpTissue;
        }

        if (!InnerSkull.Contains(x, y, z))
        {
            return BoneTissue;
        }

        if (PlexusCalcification.Contains(x, y, z))
        {
            return PlexusTissue;
        }

        for (int i = 0; i < Blobs.Count; i++)
        {
            if (Blobs[i].Shape.Contains(x, y, z))
            {
                return FirstBlobTissue + i;
            }
        }

        foreach (var ventricle in Ventricles)
        {
            if (ventricle.Contains(x, y, z))
            {
                return VentricleTissue;
            }
        }

        if (!CsfInner.Contains(x, y, z))
        {
            // The optional dense rim stands for the 60-90 HU shells that partial volume of the inner table and
            // the dura make on real scans; it covers the upper half of the head.
            return _duralRimHu is not null && z > 0 ? RimTissue : CsfTissue;
        }

        return BrainTissue;
    }
}
