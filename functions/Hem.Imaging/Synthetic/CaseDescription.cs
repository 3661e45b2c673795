using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hem.Imaging.Synthetic;

/// <summary>The signs reported in case.json.</summary>
public sealed record SignsDescription(bool Irregular, bool Swirl, bool Blend, bool BlackHole, bool Island, bool Ivh, bool Oedema)
{
    /// <summary>The signs as the growth model reads them.</summary>
    public HematomaSigns ToSigns() => new(Irregular, Swirl, Blend, BlackHole, Island, Ivh, Oedema);
}

/// <summary>Follow-up findings that can change between the scans.</summary>
public sealed record FollowUpSignsDescription(bool Ivh, bool Oedema);

/// <summary>The case's grid (the baseline grid, which every file of the case shares).</summary>
public sealed record GridDescription(int[] Size, double[] SpacingMm, double[] OriginLps, string Protocol);

/// <summary>
/// case.json: the ground truth of one synthetic case. Volumes are the masks' voxel counts times the voxel volume;
/// HE is decided from them with the standard definition (growth of at least 6 mL or at least 33 %).
/// </summary>
public sealed record CaseDescription
{
    public required string Generator { get; init; }

    public required string GeneratorVersion { get; init; }

    public required long RunSeed { get; init; }

    public required int CaseNumber { get; init; }

    /// <summary>The case's own seed: <c>SyntheticCase.Create(seed, protocol)</c> reproduces it.</summary>
    public required int Seed { get; init; }

    public required GridDescription Grid { get; init; }

    public required double BaselineVolumeMl { get; init; }

    public required double FollowupVolumeMl { get; init; }

    public required double GrowthMl { get; init; }

    public required double GrowthPercent { get; init; }

    public required bool He { get; init; }

    public required string HeDefinition { get; init; }

    public required long BaselineVoxels { get; init; }

    public required long FollowupVoxels { get; init; }

    public required double VoxelVolumeMl { get; init; }

    public required string Location { get; init; }

    public required string Side { get; init; }

    public string? Lobe { get; init; }

    public required SignsDescription Signs { get; init; }

    public required FollowUpSignsDescription FollowupSigns { get; init; }

    /// <summary>The growth model's probability of expansion for this baseline, and whether it drew expansion.</summary>
    public required double HeProbability { get; init; }

    public required bool ExpansionDrawn { get; init; }

    public required double FollowupIntervalHours { get; init; }

    public required double NoiseSigmaHu { get; init; }

    public required double PsfFwhmMm { get; init; }

    public required double Atrophy { get; init; }

    public required string[] Files { get; init; }

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static CaseDescription Create(SyntheticCase scan, CaseMasks masks, long runSeed, int caseNumber, IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(masks);
        ArgumentNullException.ThrowIfNull(files);
        var geometry = scan.Geometry;
        double baseline = masks.BaselineMl;
        double followUp = masks.FollowUpMl;
        var signs = scan.Signs;
        return new CaseDescription
        {
            Generator = SyntheticGenerator.Name,
            GeneratorVersion = SyntheticGenerator.Version,
            RunSeed = runSeed,
            CaseNumber = caseNumber,
            Seed = scan.Seed,
            Grid = new GridDescription(
                [geometry.Size.X, geometry.Size.Y, geometry.Size.Z],
                [geometry.Spacing.X, geometry.Spacing.Y, geometry.Spacing.Z],
                [geometry.Origin.X, geometry.Origin.Y, geometry.Origin.Z],
                scan.Protocol.Name),
            BaselineVolumeMl = Math.Round(baseline, 4),
            FollowupVolumeMl = Math.Round(followUp, 4),
            GrowthMl = Math.Round(followUp - baseline, 4),
            GrowthPercent = baseline > 0 ? Math.Round(100 * (followUp - baseline) / baseline, 2) : 0,
            He = GrowthModel.IsExpansion(baseline, followUp),
            HeDefinition = "follow-up minus baseline at least 6 mL, or at least 33 % of the baseline volume",
            BaselineVoxels = masks.BaselineVoxels,
            FollowupVoxels = masks.FollowUpVoxels,
            VoxelVolumeMl = masks.VoxelVolumeMl,
            Location = scan.Location.ToName(),
            Side = scan.Placement.SideName,
            Lobe = scan.Placement.Lobe,
            Signs = new SignsDescription(signs.Irregular, signs.Swirl, signs.Blend, signs.BlackHole, signs.Island, signs.Ivh, signs.Oedema),
            FollowupSigns = new FollowUpSignsDescription(scan.FollowUpIvh, scan.FollowUpOedema),
            HeProbability = Math.Round(scan.ExpansionProbability, 4),
            ExpansionDrawn = scan.ExpansionDrawn,
            FollowupIntervalHours = scan.Identity.FollowUpHours,
            NoiseSigmaHu = Math.Round(scan.Scanner.NoiseSigmaHu, 3),
            PsfFwhmMm = Math.Round(scan.Scanner.PsfFwhmMm, 3),
            Atrophy = Math.Round(scan.Phantom.Atrophy, 3),
            Files = [.. files],
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, Options) + "\n";

    public static CaseDescription FromJson(string json) => JsonSerializer.Deserialize<CaseDescription>(json, Options)
        ?? throw new JsonException("case.json holds no case");
}
