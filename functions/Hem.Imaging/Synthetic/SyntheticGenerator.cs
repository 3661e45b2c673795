namespace Hem.Imaging.Synthetic;

/// <summary>What a run writes per case.</summary>
public sealed record SynthOutputOptions
{
    public ScanProtocol Protocol { get; init; } = ScanProtocol.FiveMillimetre;

    /// <summary>The baseline DICOM series (<c>baseline/</c>).</summary>
    public bool Dicom { get; init; } = true;

    /// <summary>The CT volumes as NIfTI (<c>baseline.ct.nii.gz</c>, <c>followup.ct.nii.gz</c>); masks are always written.</summary>
    public bool Nifti { get; init; } = true;

    /// <summary>The follow-up DICOM series too (<c>followup/</c>).</summary>
    public bool FollowUpDicom { get; init; }

    /// <summary>The tissue labels (<c>baseline.labels.nii.gz</c>).</summary>
    public bool Labels { get; init; }
}

/// <summary>
/// The synthetic study generator as a whole: its name and version (written into every case) and how a run turns
/// its seed into case seeds.
/// </summary>
public static class SyntheticGenerator
{
    public const string Name = "HemFunctions synthetic head CT";

    /// <summary>Changes whenever the same seed would give different images or ground truth.</summary>
    public const string Version = "1.0.0";

    /// <summary>The folder name of case <paramref name="caseNumber"/> (1-based).</summary>
    public static string CaseFolderName(int caseNumber) => $"case-{caseNumber:0000}";

    /// <summary>The case of a run: its seed is a hash of the run seed and the case number.</summary>
    public static SyntheticCase Case(long runSeed, int caseNumber, ScanProtocol protocol) =>
        SyntheticCase.Create(RandomDraws.CaseSeed(runSeed, caseNumber), protocol);
}
