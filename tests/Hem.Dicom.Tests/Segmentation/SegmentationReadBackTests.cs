using System.Globalization;
using System.Text.Json;
using Hem.Dicom.Segmentation;
using Hem.Testing;

namespace Hem.Dicom.Tests.Segmentation;

/// <summary>
/// The segmentation checked by tools this project did not write: dciodvfy (dicom3tools) validates it against the
/// Segmentation IOD, and pydicom reads it, decodes the packed bits and gives back every frame's segment, position,
/// source image and voxels, which must be the input masks voxel for voxel.
/// </summary>
public sealed class SegmentationReadBackTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hem-seg-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Dciodvfy_reports_no_error(bool resampledPlane)
    {
        string dciodvfy = ExternalTool.Require("dciodvfy", "apt-get install dicom3tools");
        var segmentation = await CaseAsync(resampledPlane);
        string path = await WriteAsync(segmentation);

        var result = await ExternalTool.RunAsync(dciodvfy, [path], TimeSpan.FromSeconds(60), Token);

        var lines = (result.StandardOutput + "\n" + result.StandardError).Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
        foreach (string line in lines)
        {
            output.WriteLine(line);
        }

        var errors = lines.Where(line => line.Contains("Error", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, "dciodvfy errors:\n" + string.Join("\n", errors));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Pydicom_reads_every_frame_back_as_the_input_masks_voxel_for_voxel(bool resampledPlane)
    {
        var segmentation = await CaseAsync(resampledPlane);
        var read = await ReadWithPydicomAsync(await WriteAsync(segmentation));

        var geometry = segmentation.Geometry;
        var size = geometry.Size;
        var expected = new List<(int Segment, int Plane)>();
        for (int s = 0; s < segmentation.Segments.Count; s++)
        {
            for (int z = 0; z < size.Z; z++)
            {
                if (segmentation.Segments[s].Mask.AsSpan((int)(z * size.VoxelsPerSlice), (int)size.VoxelsPerSlice).Contains((byte)1))
                {
                    expected.Add((s + 1, z));
                }
            }
        }

        var frames = read.GetProperty("perFrame").EnumerateArray().ToList();
        Assert.Equal(5, expected.Count);
        Assert.Equal(expected.Count, read.GetProperty("frames").GetInt32());
        Assert.Equal(expected.Count, frames.Count);
        for (int f = 0; f < frames.Count; f++)
        {
            var frame = frames[f];
            var (segment, plane) = expected[f];
            Assert.Equal(segment, frame.GetProperty("segment").GetInt32());
            Assert.Equal([segment, plane + 1], frame.GetProperty("dimensionIndex").EnumerateArray().Select(v => v.GetInt32()));

            var position = frame.GetProperty("position").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var expectedPosition = geometry.IndexToPatient(0, 0, plane);
            Assert.Equal(expectedPosition.X, position[0], 6);
            Assert.Equal(expectedPosition.Y, position[1], 6);
            Assert.Equal(expectedPosition.Z, position[2], 6);

            var set = frame.GetProperty("set").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            var mask = segmentation.Segments[segment - 1].Mask;
            var inMask = Enumerable.Range(0, (int)size.VoxelsPerSlice).Where(i => mask[(plane * size.VoxelsPerSlice) + i] == 1).ToArray();
            Assert.Equal(inMask, set);

            var source = segmentation.Source.Planes[plane];
            if (source is null)
            {
                Assert.Equal(JsonValueKind.Null, frame.GetProperty("source").ValueKind);
            }
            else
            {
                Assert.Equal(source.SopInstanceUid, frame.GetProperty("source").GetString());
                Assert.Equal(source.SopClassUid, frame.GetProperty("sourceClass").GetString());
                Assert.Equal(["121322", "DCM", "Source image for image processing operation"], Strings(frame.GetProperty("purpose")));
                Assert.Equal(["113076", "DCM", "Segmentation"], Strings(frame.GetProperty("derivation")));
            }
        }
    }

    [Fact]
    public async Task Pydicom_reads_the_referenced_series_segments_and_geometry()
    {
        var segmentation = await CaseAsync(resampledPlane: false);
        var read = await ReadWithPydicomAsync(await WriteAsync(segmentation));

        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian.Uid, read.GetProperty("transferSyntax").GetString());
        Assert.Equal(SegmentationWriter.SegmentationStorage, read.GetProperty("sopClass").GetString());
        Assert.Equal("SEG", read.GetProperty("modality").GetString());
        Assert.Equal("BINARY", read.GetProperty("segmentationType").GetString());
        Assert.Equal(1, read.GetProperty("bitsAllocated").GetInt32());
        Assert.Equal(SegmentationCase.Rows, read.GetProperty("rows").GetInt32());
        Assert.Equal(SegmentationCase.Columns, read.GetProperty("columns").GetInt32());
        Assert.Equal(segmentation.Source.StudyInstanceUid, read.GetProperty("study").GetString());
        Assert.Equal(segmentation.Source.FrameOfReferenceUid, read.GetProperty("frameOfReference").GetString());
        Assert.NotEqual(segmentation.Source.SeriesInstanceUid, read.GetProperty("series").GetString());
        string pseudonym = segmentation.Source.PatientAndStudy.GetString(DicomTags.PatientID)!;
        Assert.StartsWith("HEM-", pseudonym, StringComparison.Ordinal);
        Assert.Equal(pseudonym, read.GetProperty("patientId").GetString());
        Assert.Equal(pseudonym, read.GetProperty("patientName").GetString());
        Assert.Equal([0.5, 0.5], read.GetProperty("pixelSpacing").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(5, read.GetProperty("sliceThickness").GetDouble(), 9);
        Assert.Equal([1.0, 0, 0, 0, 1, 0], read.GetProperty("orientation").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(["(0062, 000b)", "(0020, 0032)"], Strings(read.GetProperty("dimensionPointers")), StringComparer.OrdinalIgnoreCase);

        var series = Assert.Single(read.GetProperty("referencedSeries").EnumerateArray().ToList());
        Assert.Equal(segmentation.Source.SeriesInstanceUid, series.GetProperty("series").GetString());
        Assert.Equal(segmentation.Source.Planes.Select(p => p!.SopInstanceUid), Strings(series.GetProperty("instances")));

        var segments = read.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(2, segments.Count);
        Assert.Equal([1, 2], segments.Select(s => s.GetProperty("number").GetInt32()));
        Assert.Equal([HematomaSegments.BaselineLabel, HematomaSegments.PredictedFollowUpLabel], segments.Select(s => s.GetProperty("label").GetString()));
        foreach (var segment in segments)
        {
            Assert.Equal(["49755003", "SCT", "Morphologically Abnormal Structure"], Strings(segment.GetProperty("category")));
            Assert.Equal(["50960005", "SCT", "Hemorrhage"], Strings(segment.GetProperty("type")));
            Assert.Equal("AUTOMATIC", segment.GetProperty("algorithmType").GetString());
        }

        var model = segments[1].GetProperty("algorithm").EnumerateArray().ToList();
        Assert.Equal("hem-expansion", model[0].GetString());
        Assert.Equal("1.0.0", model[1].GetString());
        Assert.Equal(["123110", "DCM", "Artificial Intelligence"], Strings(model[2]));
        Assert.Equal("hem-classical", segments[0].GetProperty("algorithmName").GetString());
        Assert.Equal(HematomaSegments.BaselineColor.ToDicomValues().Select(v => (int)v), segments[0].GetProperty("cielab").EnumerateArray().Select(v => v.GetInt32()));
    }

    private async Task<SegmentationCase> CaseAsync(bool resampledPlane)
    {
        var segmentation = await SegmentationCase.WriteAsync(Path.Combine(_folder, "ct"), Token);
        // Plane 2 holds voxels of both segments, so two frames lose their source reference.
        return resampledPlane ? segmentation.WithoutSourceOn(2) : segmentation;
    }

    private async Task<string> WriteAsync(SegmentationCase segmentation)
    {
        string path = Path.Combine(_folder, "prediction.seg.dcm");
        await File.WriteAllBytesAsync(path, SegmentationWriter.ToPart10Bytes(segmentation.Source, segmentation.Geometry, segmentation.Segments, SegmentationCase.Description), Token);
        return path;
    }

    private static async Task<JsonElement> ReadWithPydicomAsync(string path)
    {
        string python = ExternalTool.RequirePython("pydicom", "numpy");
        string script = Path.Combine(AppContext.BaseDirectory, "Scripts", "read_segmentation.py");
        var result = await ExternalTool.RunAsync(python, [script, path], TimeSpan.FromSeconds(120), Token);
        Assert.True(result.ExitCode == 0, string.Create(CultureInfo.InvariantCulture, $"read_segmentation.py exited with {result.ExitCode}:\n{result.StandardError}"));
        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.Clone();
    }

    private static IEnumerable<string?> Strings(JsonElement array) => array.EnumerateArray().Select(v => v.GetString());
}
