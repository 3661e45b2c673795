using Hem.Imaging.Volumes;

namespace Hem.Imaging.Segmentation;

/// <summary>What a brain extraction found.</summary>
/// <param name="Mask">Brain parenchyma and CSF inside the skull, 0/1 on the CT's grid.</param>
/// <param name="VolumeMl">The mask's volume.</param>
/// <param name="EnclosedVolumeMl">
/// Everything the sealed skull encloses slice by slice, bone excluded: the brain plus CSF spaces, dura and, at the
/// skull base, sinuses and other non-brain structures. A diagnostic: far more than <paramref name="VolumeMl"/>
/// means the intracranial space holds little soft tissue (a phantom), little enclosed space means an open skull.
/// </param>
/// <param name="IsPlausible">Whether the volume lies in the options' plausible range for an adult brain.</param>
public sealed record BrainExtraction(Volume<byte> Mask, double VolumeMl, double EnclosedVolumeMl, bool IsPlausible);
