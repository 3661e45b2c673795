namespace Hem.Imaging.Segmentation;

/// <summary>
/// The thresholds of <see cref="BrainExtractor"/>. HU thresholds apply to the CT after a 3 x 3 in-plane median;
/// radii are in millimetres (balls on the real voxel spacing). The defaults were chosen on the real heads among the
/// fixtures (a GE HiSpeed head with gantry tilt and a Philips phantom skull) and on synthetic heads.
/// </summary>
public sealed record BrainExtractionOptions
{
    public static BrainExtractionOptions Default { get; } = new();

    /// <summary>
    /// Bone from this HU up. Cortical bone is 700-2000 HU, but the thin squama of the temporal bone and the
    /// vertex seen obliquely in a 5 mm slice fall to 250-400, and anything below ~150 would take in calcified
    /// plexus and clotted blood; 250 keeps the skull ring closed where it is thin.
    /// </summary>
    public int BoneMinimumHu { get; init; } = 250;

    /// <summary>
    /// The closing that seals the skull ring before each slice's interior is filled: foramina, sutures, mastoid
    /// air cells and partial-volume gaps at the skull base leave openings of up to ~15 mm that would otherwise
    /// let the interior flood out to the air. Only the filling sees the closed skull: its added voxels return to
    /// the interior, so narrow spaces between bones are not lost.
    /// </summary>
    public double SkullSealingRadiusMm { get; init; } = 8;

    /// <summary>Lowest HU of intracranial soft tissue: CSF (0-15 HU) with noise, not fat (-100) or air.</summary>
    public int SoftTissueMinimumHu { get; init; } = -20;

    /// <summary>Highest HU of intracranial soft tissue: grey matter (35-45) and acute blood (50-90) with noise.</summary>
    public int SoftTissueMaximumHu { get; init; } = 100;

    /// <summary>Voxels this close to bone are dropped: partial volume of the inner table and the dura.</summary>
    public double BoneMarginMm { get; init; } = 1;

    /// <summary>
    /// The erosion that cuts the brain from soft tissue reaching it through narrow openings (orbits through the
    /// optic canals and fissures, neck through the skull base) before the largest component is kept; the brain is
    /// grown back by the same radius inside the soft tissue afterwards.
    /// </summary>
    public double SeparationRadiusMm { get; init; } = 3;

    /// <summary>A light opening after hole filling that removes threads left along the inner table.</summary>
    public double SmoothingRadiusMm { get; init; } = 1.5;

    /// <summary>Brain volumes outside this range (mL) mark the extraction as implausible (not a whole adult head, or a failure).</summary>
    public double PlausibleMinimumMl { get; init; } = 800;

    /// <inheritdoc cref="PlausibleMinimumMl"/>
    public double PlausibleMaximumMl { get; init; } = 2000;

    internal void Validate()
    {
        if (SoftTissueMinimumHu > SoftTissueMaximumHu || SoftTissueMaximumHu >= BoneMinimumHu)
        {
            throw new ArgumentException("the soft-tissue range must be ordered and lie below the bone threshold");
        }

        foreach (double radius in (ReadOnlySpan<double>)[SkullSealingRadiusMm, BoneMarginMm, SeparationRadiusMm, SmoothingRadiusMm])
        {
            if (!(radius >= 0) || !double.IsFinite(radius))
            {
                throw new ArgumentException("every radius is a finite number of millimetres, 0 or more");
            }
        }
    }
}
