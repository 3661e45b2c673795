namespace Hem.Imaging.Metrics;

/// <summary>
/// The bedside ABC/2 hematoma volume (Kwak 1983, Kothari 1996) as measured by <see cref="AbcOverTwo"/>: A, B and C
/// in millimetres, the axial slice A and B were measured on, and the number of slices holding hematoma.
/// </summary>
public sealed record AbcEstimate(double AMm, double BMm, double CMm, int LargestSlice, int SlicesWithHematoma)
{
    /// <summary>A x B x C / 2, in millilitres.</summary>
    public double VolumeMl => AMm * BMm * CMm / 2 / 1000;
}
