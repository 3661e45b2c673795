namespace Hem.Imaging.Segmentation;

/// <summary>
/// The thresholds of <see cref="HematomaSegmenter"/>. HU thresholds apply to the CT after a 3 x 3 in-plane median
/// unless they say otherwise; radii are in millimetres.
/// </summary>
public sealed record HematomaSegmentationOptions
{
    public static HematomaSegmentationOptions Default { get; } = new();

    /// <summary>Acute blood is 50-90 HU (clot retraction raises it with the hematocrit); brain is 20-45.</summary>
    public int BloodMinimumHu { get; init; } = 50;

    /// <inheritdoc cref="BloodMinimumHu"/>
    public int BloodMaximumHu { get; init; } = 90;

    /// <summary>
    /// Blood must also be this much denser than the median of the slice's brain. Slices grazing the vertex or the
    /// skull base average bone into the whole slice and lift all of its brain above 50 HU; blood is hyperdense
    /// relative to the brain around it, whatever the scanner's calibration. A large negative value switches the rule off.
    /// </summary>
    public int MinimumSliceContrastHu { get; init; } = 15;

    /// <summary>Raw (unsmoothed) HU from which a voxel in the brain is a calcification (plexus, pineal, vessel walls) rather than blood.</summary>
    public int CalcificationMinimumHu { get; init; } = 130;

    /// <summary>Candidates this close to a calcification are dropped: its partial volume makes a 50-90 HU halo.</summary>
    public double CalcificationMarginMm { get; init; } = 3;

    /// <summary>
    /// Thinner than this in every direction (twice the radius) and a candidate cannot be a hematoma: it is noise,
    /// a vessel or a cortical rim. Candidates are eroded by it to find cores.
    /// </summary>
    public double CoreRadiusMm { get; init; } = 2.5;

    /// <summary>
    /// Cores must lie at least this far inside the brain mask: partial volume of the inner table, the dura and the
    /// dural venous sinuses make 50-90 HU shells along the skull. A hematoma touching the brain's border is still
    /// found whole, because its core lies deeper and the candidates within the core radius plus this margin of a
    /// core are kept.
    /// </summary>
    public double BorderMarginMm { get; init; } = 4;

    /// <summary>Components smaller than this (mL) are dropped.</summary>
    public double MinimumComponentMl { get; init; } = 0.3;

    /// <summary>The shell around a component in which air is measured.</summary>
    public double AirShellMm { get; init; } = 3;

    /// <summary>Raw HU below which a shell voxel is air.</summary>
    public int AirMaximumHu { get; init; } = -300;

    /// <summary>
    /// Components whose shell is more than this fraction air are dropped: blood inside the head lies against brain,
    /// CSF or bone, not air (a phantom's inserts, the orbits and sinuses at the skull base do).
    /// </summary>
    public double MaximumAirFraction { get; init; } = 0.5;

    /// <summary>Inner radius of the ring around a component whose brain gives the local reference HU (clear of the component's own partial volume).</summary>
    public double ReferenceRingInnerMm { get; init; } = 2;

    /// <summary>Outer radius of that ring.</summary>
    public double ReferenceRingOuterMm { get; init; } = 8;

    /// <summary>
    /// A component's mean HU must exceed the median HU of the non-candidate brain in its ring by this much. Dense
    /// material that makes up the local "brain" itself (a phantom's plastic inserts, a slab averaged with bone) is
    /// not hyperdense to anything; a component with no brain around it at all is dropped too. A large negative value
    /// switches the rule off (except for the component without brain around it).
    /// </summary>
    public double MinimumLocalContrastHu { get; init; } = 15;

    /// <summary>
    /// Leave out blood lying in a ventricle (intraventricular extension): hematoma volume and its growth are about
    /// the parenchymal hematoma, and ventricular blood joined to it would count as hematoma.
    /// See <see cref="VentricularBlood"/>.
    /// </summary>
    public bool ExcludeVentricularBlood { get; init; } = true;

    /// <summary>Smoothed HU up to which brain is CSF when the ventricles are looked for (CSF is 0-15 HU, brain 20-45).</summary>
    public int VentricleCsfMaximumHu { get; init; } = 15;

    /// <summary>
    /// Radii of the erosions of the CSF that cut sulci and the narrow channels joining the ventricles to the
    /// cisterns before CSF bodies are judged; a body that passes after any of them counts. Thin ventricles (small,
    /// young brains) vanish under the larger radius; in a 5 mm slice, partial volume joins some ventricles to the
    /// cisterns through channels that only the larger one cuts.
    /// </summary>
    public IReadOnlyList<double> VentricleErosionRadiiMm { get; init; } = [1, 2];

    /// <summary>
    /// A CSF body that comes closer than this to the brain mask's border is subarachnoid space (sulci, fissures,
    /// cisterns, all open to the surface), not a ventricle.
    /// </summary>
    public double VentricleMinimumDepthMm { get; init; } = 8;

    /// <summary>
    /// A CSF body farther than this from the mid-sagittal plane on average is not a ventricle: the lateral
    /// ventricles lie within about 25 mm of the midline (measured 15-22 mm on synthetic heads), the insular cisterns,
    /// deep and cut off from the surface once the Sylvian fissure is eroded away, 35-40 mm.
    /// </summary>
    public double VentricleMaximumOffsetMm { get; init; } = 30;

    /// <summary>CSF bodies whose eroded core is smaller than this (mL) are not taken for ventricles.</summary>
    public double VentricleMinimumMl { get; init; } = 0.1;

    /// <summary>
    /// Blood whose mirror image lies within this distance (in its slice) of a ventricle counts as ventricular: the
    /// mid-sagittal plane is an estimate, brains are not exactly symmetric, and partial volume blurs a ventricle's wall.
    /// </summary>
    public double VentricleMirrorMarginMm { get; init; } = 1;

    /// <summary>Keep only the largest component (and none of the satellites), as for a single intraparenchymal hemorrhage.</summary>
    public bool LargestComponentOnly { get; init; }

    internal void Validate()
    {
        if (BloodMinimumHu > BloodMaximumHu || BloodMaximumHu >= CalcificationMinimumHu)
        {
            throw new ArgumentException("the blood range must be ordered and lie below the calcification threshold");
        }

        if (ReferenceRingInnerMm >= ReferenceRingOuterMm)
        {
            throw new ArgumentException("the reference ring's inner radius must be smaller than its outer radius");
        }

        foreach (double value in (ReadOnlySpan<double>)[CalcificationMarginMm, CoreRadiusMm, BorderMarginMm, MinimumComponentMl, AirShellMm, ReferenceRingInnerMm, .. VentricleErosionRadiiMm, VentricleMinimumDepthMm, VentricleMaximumOffsetMm, VentricleMinimumMl, VentricleMirrorMarginMm])
        {
            if (!(value >= 0) || !double.IsFinite(value))
            {
                throw new ArgumentException("radii, margins and volumes are finite and 0 or more");
            }
        }

        if (!(MaximumAirFraction >= 0 && MaximumAirFraction <= 1))
        {
            throw new ArgumentException("the air fraction is a fraction");
        }
    }
}
