using Hem.Dicom.Deidentification;
using Hem.Dicom.Segmentation;
using Hem.Dicom.Series;
using Hem.Dicom.Tests.Deidentification;
using Hem.Dicom.Tests.Validation;

namespace Hem.Dicom.Tests.Segmentation;

/// <summary>
/// A small CT series written to a folder (5 axial slices of 7 rows x 5 columns, so a frame is 35 bits and frames
/// start inside bytes) and de-identified by DeidentificationBatch (research profile), as the pipeline's source series
/// is, then read back the way the pipeline reads a series (SeriesScanner + VolumeBuilder for the geometry, the
/// de-identified files' own SOP UIDs for the planes), and two masks with known voxels: the baseline on planes 1 and
/// 2, the prediction on planes 1 to 3 (containing the baseline), so plane 3 is empty for one segment and planes 0
/// and 4 for both.
/// </summary>
internal sealed class SegmentationCase
{
    private const string OriginalFrameOfReferenceUid = "2.25.99887766554433221100";
    public const int Columns = 5;
    public const int Rows = 7;
    public const int Planes = 5;

    private SegmentationCase(VolumeGeometry geometry, SourceSeries source, IReadOnlyList<Segment> segments)
    {
        Geometry = geometry;
        Source = source;
        Segments = segments;
    }

    public VolumeGeometry Geometry { get; }

    public SourceSeries Source { get; }

    public IReadOnlyList<Segment> Segments { get; }

    public static SegmentAlgorithm Model { get; } = new("hem-expansion", "1.0.0", SegmentationCodes.ArtificialIntelligence);

    public static SegmentAlgorithm Classical { get; } = new("hem-classical", "0.1.0", SegmentationCodes.HistogramAnalysis);

    /// <summary>Baseline voxels as (x, y, z).</summary>
    public static IReadOnlyList<(int X, int Y, int Z)> BaselineVoxels { get; } = [(0, 0, 1), (4, 6, 1), (2, 3, 2), (3, 3, 2)];

    /// <summary>Predicted voxels: the baseline and more, up to plane 3.</summary>
    public static IReadOnlyList<(int X, int Y, int Z)> PredictedVoxels { get; } = [.. BaselineVoxels, (1, 0, 1), (2, 4, 2), (4, 0, 3), (0, 6, 3)];

    public static SegmentationDescription Description { get; } = new(300, "HEMATOMA", new DateTime(2025, 3, 14, 15, 9, 26, 535, DateTimeKind.Unspecified), "hem analyze", "0", "HemFunctions 0.1.0\\hem-expansion 1.0.0")
    {
        SeriesDescription = "Hematoma segmentation",
        ContentDescription = "Baseline and predicted follow-up hematoma",
    };

    public static async Task<SegmentationCase> WriteAsync(string folder, CancellationToken cancellationToken)
    {
        var series = new SyntheticSeries
        {
            Slices = Planes,
            Rows = Rows,
            Columns = Columns,
            SpacingMm = 5,
            PatientName = "Doe^Jane",
            PatientId = "MRN-0042",
            Edit = (_, d) =>
            {
                d.SetString(DicomTags.FrameOfReferenceUID, DicomVR.UI, OriginalFrameOfReferenceUid);
                d.SetString(DicomTags.StudyDate, DicomVR.DA, "20240102");
                d.SetString(DicomTags.StudyID, DicomVR.SH, "42");
                d.SetString(DicomTags.PatientSex, DicomVR.CS, "F");
                d.SetString(DicomTags.PatientAge, DicomVR.AS, "071Y");
                d.SetString(DicomTags.StudyDescription, DicomVR.LO, "CT HEAD");
            },
        };
        string original = await series.WriteAsync(Path.Combine(folder, "original"), cancellationToken);
        string deidentified = Path.Combine(folder, "deidentified");
        await new DeidentificationBatch(TestKeys.Research()).RunAsync(original, deidentified, cancellationToken: cancellationToken);

        var scan = await SeriesScanner.ScanAsync(DicomFileSource.FromFolder(deidentified), cancellationToken);
        var volume = await new VolumeBuilder().BuildAsync(scan.LargestCtSeries!, cancellationToken);
        var slices = new List<(Vector3D Position, DicomDataset Dataset)>();
        foreach (string file in Directory.GetFiles(deidentified))
        {
            var dataset = (await DicomReader.ReadFileAsync(file, new DicomReadOptions { StopBeforePixelData = true }, cancellationToken)).Dataset;
            slices.Add((Vector3D.FromValues(dataset.GetDoubles(DicomTags.ImagePositionPatient)), dataset));
        }

        var planes = new SourceImage?[volume.Size.Z];
        for (int z = 0; z < planes.Length; z++)
        {
            var position = volume.Geometry.IndexToPatient(0, 0, z);
            var slice = slices.Single(s => (s.Position - position).Length < 1e-3).Dataset;
            planes[z] = new SourceImage(slice.GetString(DicomTags.SOPClassUID)!, slice.GetString(DicomTags.SOPInstanceUID)!);
        }

        var first = slices.MinBy(s => s.Position.Z).Dataset;
        var source = new SourceSeries(
            first.GetString(DicomTags.StudyInstanceUID)!, first.GetString(DicomTags.SeriesInstanceUID)!, first.GetString(DicomTags.FrameOfReferenceUID)!, first, planes);
        var segments = new[]
        {
            HematomaSegments.Baseline(Mask(volume.Size, BaselineVoxels), Classical),
            HematomaSegments.PredictedFollowUp(Mask(volume.Size, PredictedVoxels), Model),
        };
        return new SegmentationCase(volume.Geometry, source, segments);
    }

    /// <summary>The same case with no source image on plane <paramref name="z"/>, as after resampling.</summary>
    public SegmentationCase WithoutSourceOn(int z)
    {
        var planes = Source.Planes.ToArray();
        planes[z] = null;
        var source = new SourceSeries(Source.StudyInstanceUid, Source.SeriesInstanceUid, Source.FrameOfReferenceUid, Source.PatientAndStudy, planes);
        return new SegmentationCase(Geometry, source, Segments);
    }

    public static byte[] Mask(GridSize size, IEnumerable<(int X, int Y, int Z)> voxels)
    {
        byte[] mask = new byte[size.VoxelCount];
        foreach (var (x, y, z) in voxels)
        {
            mask[(((long)z * size.Y) + y) * size.X + x] = 1;
        }

        return mask;
    }
}
