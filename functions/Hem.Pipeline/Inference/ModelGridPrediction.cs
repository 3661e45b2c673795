using Hem.Imaging.Volumes;

namespace Hem.Pipeline.Inference;

/// <summary>
/// The inference service's answer, on the request's model grid: the follow-up mask (0/1), the probability when it
/// was asked for (0 outside the brain), the served model's version and the number of windows it ran.
/// <c>Hem.Prediction.ProbabilityMapping</c> brings the probability back to the study's grid.
/// </summary>
public sealed record ModelGridPrediction(Volume<byte> Mask, Volume<float>? Probability, string ModelVersion, int Windows);
