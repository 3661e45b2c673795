using Hem.Dicom.Series;
using Hem.Imaging.Volumes;
using Hem.Prediction.Grid;
using Hem.Prediction.Transport;

namespace Hem.Inference.Tests;

/// <summary>Model inputs for tests: a brain-filled grid with a round hematoma, as ModelInputPreparer would make it.</summary>
internal static class StudyInputs
{
    public static ModelInput Make(GridSize size, double spacingMm = 1.5, double radiusMm = 9)
    {
        var geometry = new VolumeGeometry(size, new Vector3D(spacingMm, spacingMm, spacingMm), new Vector3D(-30, -40, 10), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0), new Vector3D(0, 0, 1));
        long n = size.VoxelCount;
        var ct = new float[n];
        var mask = new float[n];
        var brain = new byte[n];
        double cx = (size.X - 1) / 2.0, cy = (size.Y - 1) / 2.0, cz = (size.Z - 1) / 2.0;
        for (int z = 0, i = 0; z < size.Z; z++)
        {
            for (int y = 0; y < size.Y; y++)
            {
                for (int x = 0; x < size.X; x++, i++)
                {
                    double dx = (x - cx) * spacingMm, dy = (y - cy) * spacingMm, dz = (z - cz) * spacingMm;
                    double r = Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
                    // Brain everywhere but a corner, so "zero outside the brain" has something to do.
                    bool inBrain = x + y > 4;
                    brain[i] = (byte)(inBrain ? 1 : 0);
                    // Partial volume over one voxel at the margin, grey-white texture around it.
                    float fraction = (float)Math.Clamp(((radiusMm - r) / spacingMm) + 0.5, 0, 1);
                    mask[i] = fraction;
                    double tissue = 0.32 + (0.04 * Math.Sin(x * 0.7) * Math.Cos(y * 0.5));
                    ct[i] = inBrain ? (float)((fraction * 0.65) + ((1 - fraction) * tissue)) : 0f;
                }
            }
        }

        return new ModelInput(new Volume<float>(geometry, ct), new Volume<float>(geometry, mask), new Volume<byte>(geometry, brain));
    }

    public static async Task<byte[]> BytesAsync(VolumeBundle bundle)
    {
        using var stream = new MemoryStream();
        await VolumeBundleFormat.WriteAsync(stream, bundle, TestContext.Current.CancellationToken);
        return stream.ToArray();
    }

    public static Task<byte[]> RequestBytesAsync(ModelInput input) => BytesAsync(PredictionBundles.Request(input));
}
