using Hem.Imaging.Volumes;

namespace Hem.Prediction.Grid;

/// <summary>The contract's "zero outside the brain", for the CT channel and the model's output alike.</summary>
internal static class BrainMasking
{
    public static void ZeroOutside(Volume<float> values, Volume<byte> brain)
    {
        var v = values.Voxels;
        var inside = brain.Voxels;
        for (int i = 0; i < v.Length; i++)
        {
            if (inside[i] == 0)
            {
                v[i] = 0f;
            }
        }
    }
}
