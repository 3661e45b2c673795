using Hem.Imaging.Volumes;
using Hem.Prediction.Grid;

namespace Hem.Prediction;

/// <summary>The predicted follow-up hematoma of one study.</summary>
/// <param name="Mask">0/1 on the baseline grid.</param>
/// <param name="VolumeMl">The mask's volume.</param>
/// <param name="Probability">The model's probability on the model grid (zero outside the brain), or null when the baseline mask was empty.</param>
/// <param name="Grid">Where the model grid lies, or null when the baseline mask was empty.</param>
/// <param name="Windows">How many patches the model ran on.</param>
public sealed record FollowupPrediction(Volume<byte> Mask, double VolumeMl, Volume<float>? Probability, ModelGrid? Grid, int Windows);
