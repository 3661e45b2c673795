using Hem.Imaging.Volumes;

namespace Hem.Imaging.Segmentation;

/// <summary>A hematoma segmentation: the mask, its components and the candidates that were turned down.</summary>
/// <param name="Mask">0/1 on the CT's grid.</param>
/// <param name="Components">The mask's 26-connected components, largest first.</param>
/// <param name="Rejected">Candidate components (those with a core) dropped by a rule, largest first: why a visible density is not called blood.</param>
public sealed record HematomaSegmentation(Volume<byte> Mask, IReadOnlyList<HematomaComponent> Components, IReadOnlyList<RejectedCandidate> Rejected)
{
    public double VolumeMl => Components.Sum(c => c.VolumeMl);
}

/// <summary>One connected hematoma.</summary>
/// <param name="VoxelCount">Voxels in the component.</param>
/// <param name="VolumeMl">Its volume.</param>
/// <param name="MeanHu">Mean raw HU over it.</param>
/// <param name="Bounds">Its bounding box of voxels.</param>
public sealed record HematomaComponent(long VoxelCount, double VolumeMl, double MeanHu, VoxelBox Bounds);

/// <summary>A candidate component that a rule turned down.</summary>
/// <param name="VolumeMl">Its volume.</param>
/// <param name="MeanHu">Mean raw HU over it.</param>
/// <param name="Bounds">Its bounding box of voxels.</param>
/// <param name="Reason">The first rule it failed.</param>
public sealed record RejectedCandidate(double VolumeMl, double MeanHu, VoxelBox Bounds, CandidateRejection Reason);

/// <summary>Why a candidate component is not a hematoma.</summary>
public enum CandidateRejection
{
    /// <summary>Smaller than the minimum component volume.</summary>
    TooSmall,

    /// <summary>Its shell is mostly air.</summary>
    AirAround,

    /// <summary>Not denser than the brain around it by the minimum contrast, or no brain around it.</summary>
    NotHyperdense,

    /// <summary>Not the largest component when only the largest is kept.</summary>
    NotLargest,
}
