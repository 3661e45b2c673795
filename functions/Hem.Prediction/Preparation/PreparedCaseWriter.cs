using System.Text.Json;
using Hem.Imaging.Nifti;

namespace Hem.Prediction.Preparation;

/// <summary>
/// Writes one prepared case folder (<see cref="PreparedLayout"/>) into a hidden sibling that is renamed into place
/// when complete, so a case folder is either whole or absent; an existing case folder is never touched.
/// </summary>
public static class PreparedCaseWriter
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    public static Task WriteAsync(string outputFolder, PreparedCase prepared, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var input = prepared.Input;
        var geometry = input.Grid.Geometry;
        return AtomicFolder.WriteAsync(outputFolder, prepared.Name, async staging =>
        {
            var writes = new List<Task>
            {
                Task.Run(() => NiftiWriter.WriteAsync(Path.Combine(staging, PreparedLayout.Ct), geometry, input.Ct.Voxels, "HemFunctions model input: CT channel", cancellationToken), cancellationToken),
                Task.Run(() => NiftiWriter.WriteAsync(Path.Combine(staging, PreparedLayout.Mask), geometry, input.Mask.Voxels, "HemFunctions model input: baseline mask", cancellationToken), cancellationToken),
                Task.Run(() => NiftiWriter.WriteAsync(Path.Combine(staging, PreparedLayout.Brain), geometry, input.Brain.Voxels, "HemFunctions brain on the model grid", cancellationToken), cancellationToken),
            };
            if (prepared.FollowupMask is { } followupMask)
            {
                writes.Add(Task.Run(() => NiftiWriter.WriteAsync(Path.Combine(staging, PreparedLayout.FollowupMask), geometry, followupMask.Voxels, "HemFunctions target: follow-up mask", cancellationToken), cancellationToken));
            }

            if (prepared.FollowupCt is { } followupCt)
            {
                writes.Add(Task.Run(() => NiftiWriter.WriteAsync(Path.Combine(staging, PreparedLayout.FollowupCt), geometry, followupCt.Voxels, "HemFunctions follow-up CT channel", cancellationToken), cancellationToken));
            }

            await Task.WhenAll(writes);
            await File.WriteAllTextAsync(Path.Combine(staging, PreparedLayout.CaseJson), JsonSerializer.Serialize(Describe(prepared), Json) + "\n", cancellationToken);
        }, cancellationToken);
    }

    private static PreparedJson Describe(PreparedCase prepared)
    {
        var size = prepared.Input.Grid.Geometry.Size;
        var roi = prepared.Input.Grid.RoiInBaselineVoxels;
        return new PreparedJson(
            prepared.Name,
            [size.X, size.Y, size.Z],
            new RoiJson(roi.X0, roi.Y0, roi.Z0, roi.X1, roi.Y1, roi.Z1),
            prepared.BaselineVolumeMl,
            prepared.FollowupVolumeMl,
            prepared.GrowthMl);
    }

    private sealed record PreparedJson(string Case, int[] ModelGridSize, RoiJson RoiInBaselineVoxels, double BaselineVolumeMl, double? FollowupVolumeMl, double? GrowthMl);

    /// <summary>Baseline voxel indices, lower bounds inclusive, upper bounds exclusive.</summary>
    private sealed record RoiJson(int X0, int Y0, int Z0, int X1, int Y1, int Z1);
}
