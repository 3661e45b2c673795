namespace Hem.Imaging.Synthetic;

/// <summary>
/// One case's attenuation per tissue, Hounsfield units, drawn inside the published ranges listed in
/// <c>Synthetic/README.md</c> (grey 37-41, white 26-30: a 9-13 HU contrast, as measured on real head CT). These
/// are the noise-free values inside a pure region; the scanner model blurs and adds noise afterwards.
/// </summary>
public sealed record TissueDensities
{
    public float Air { get; init; } = -1000;

    public float SoftTissue { get; init; }

    public float CorticalBone { get; init; }

    public float Diploe { get; init; }

    public float Csf { get; init; }

    public float GreyMatter { get; init; }

    public float WhiteMatter { get; init; }

    public float DeepGrey { get; init; }

    public float Brainstem { get; init; }

    public float Calcification { get; init; }

    public float Fat { get; init; }

    public float Eye { get; init; }

    public float Falx { get; init; }

    public static TissueDensities Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        float white = random.UniformF(26, 30);
        float grey = random.UniformF(37, 41);
        return new TissueDensities
        {
            SoftTissue = random.UniformF(35, 50),
            CorticalBone = random.UniformF(1350, 1750),
            Diploe = random.UniformF(450, 750),
            Csf = random.UniformF(3, 10),
            WhiteMatter = white,
            GreyMatter = grey,
            DeepGrey = grey - random.UniformF(1, 3),
            Brainstem = white + random.UniformF(1, 4),
            Calcification = random.UniformF(180, 400),
            Fat = random.UniformF(-110, -80),
            Eye = random.UniformF(5, 15),
            Falx = random.UniformF(55, 75),
        };
    }

    /// <summary>The noise-free value of a pure voxel of a class (lesion classes have their own models).</summary>
    public float Of(TissueLabel label) => label switch
    {
        TissueLabel.Air or TissueLabel.SinusAir => Air,
        TissueLabel.SoftTissue => SoftTissue,
        TissueLabel.CorticalBone => CorticalBone,
        TissueLabel.Diploe => Diploe,
        TissueLabel.Csf or TissueLabel.Ventricle => Csf,
        TissueLabel.GreyMatter => GreyMatter,
        TissueLabel.WhiteMatter => WhiteMatter,
        TissueLabel.DeepGrey => DeepGrey,
        TissueLabel.Cerebellum => (GreyMatter + WhiteMatter) / 2,
        TissueLabel.Brainstem => Brainstem,
        TissueLabel.Calcification => Calcification,
        TissueLabel.Fat => Fat,
        TissueLabel.Eye => Eye,
        TissueLabel.Falx => Falx,
        _ => float.NaN,
    };
}
