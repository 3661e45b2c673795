using Hem.Dicom;
using Hem.Dicom.Segmentation;
using Hem.Dicom.Series;

namespace Hem.Pipeline.Analysis;

/// <summary>
/// <c>prediction.seg.dcm</c>: the baseline and predicted follow-up hematomas as one DICOM Segmentation referring to the
/// de-identified series the volume was built from. A volume plane refers to the slice lying exactly on it (position
/// within 0.01 mm, same orientation); a plane made by resampling (uneven spacing, gantry tilt) refers to none.
/// </summary>
public static class AnalysisSegmentation
{
    public const string FileName = "prediction.seg.dcm";

    /// <summary>How far a slice may lie from a volume plane and still be that plane's source, in mm.</summary>
    public const double PlaneToleranceMm = 0.01;

    public static async Task WriteAsync(string folder, StudyAnalysis analysis, DeidentifiedSeries series, ModelIdentity model, string softwareVersion, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(model);
        var geometry = analysis.Study.Ct.Geometry;
        var source = await SourceAsync(series, geometry, cancellationToken);
        var segments = new[]
        {
            HematomaSegments.Baseline(analysis.BaselineMask.Voxels, new SegmentAlgorithm("HemFunctions hematoma segmenter", softwareVersion, SegmentationCodes.HistogramAnalysis)),
            HematomaSegments.PredictedFollowUp(analysis.Prediction.Mask.Voxels, new SegmentAlgorithm(model.Name, model.Version, SegmentationCodes.ArtificialIntelligence)),
        };
        var description = new SegmentationDescription(900, "HEMATOMA", now.UtcDateTime, "hem analyze", "none", softwareVersion)
        {
            SeriesDescription = "Hematoma: baseline and predicted follow-up",
        };
        byte[] bytes = SegmentationWriter.ToPart10Bytes(source, geometry, segments, description);
        await File.WriteAllBytesAsync(Path.Combine(folder, FileName), bytes, cancellationToken);
    }

    private static async Task<SourceSeries> SourceAsync(DeidentifiedSeries series, VolumeGeometry geometry, CancellationToken cancellationToken)
    {
        var slices = new List<(Vector3D Position, Vector3D Normal, DicomDataset Dataset)>();
        foreach (var header in series.Series.Slices)
        {
            if (header.Source is not DicomFileSource file || header.Geometry is not { } slice)
            {
                continue;
            }

            var dataset = (await DicomReader.ReadFileAsync(file.Path, new DicomReadOptions { StopBeforePixelData = true }, cancellationToken)).Dataset;
            slices.Add((slice.Position, slice.Normal, dataset));
        }

        if (slices.Count == 0)
        {
            throw new InvalidOperationException("the de-identified series has no readable slice to refer to");
        }

        var planes = new SourceImage?[geometry.Size.Z];
        for (int z = 0; z < planes.Length; z++)
        {
            var position = geometry.IndexToPatient(0, 0, z);
            var match = slices.FirstOrDefault(s => (s.Position - position).Length < PlaneToleranceMm && s.Normal.Dot(geometry.SliceDirection) > 1 - 1e-6);
            planes[z] = match.Dataset is { } d ? new SourceImage(d.GetString(DicomTags.SOPClassUID)!, d.GetString(DicomTags.SOPInstanceUID)!) : null;
        }

        var first = slices[0].Dataset;
        return new SourceSeries(
            first.GetString(DicomTags.StudyInstanceUID)!,
            first.GetString(DicomTags.SeriesInstanceUID)!,
            first.GetString(DicomTags.FrameOfReferenceUID)!,
            first,
            planes);
    }
}
