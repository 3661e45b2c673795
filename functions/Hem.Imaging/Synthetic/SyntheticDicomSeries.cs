using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hem.Dicom;
using Hem.Dicom.Pixels;

namespace Hem.Imaging.Synthetic;

/// <summary>Which of a case's two scans a series is.</summary>
public enum ScanTime
{
    Baseline,
    FollowUp,
}

/// <summary>
/// Writes a case's CT as a DICOM series, one CT Image Storage object per slice (explicit VR little endian, 512 x
/// 512, signed 16-bit stored values = HU + 1024 with RescaleIntercept -1024): what a scanner would send, ORIGINAL
/// PRIMARY AXIAL, no contrast, with complete Patient, Study, Series, Frame of Reference, Equipment, Image Plane,
/// Image Pixel, CT Image, VOI LUT and SOP Common modules. Patient and study attributes hold the case's
/// <see cref="FakeIdentity"/>; UIDs are derived from the case seed, so the same seed writes the same bytes.
/// </summary>
public static class SyntheticDicomSeries
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    public static async Task WriteAsync(string folder, SyntheticCase scan, ScanTime time, short[] hounsfield, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(hounsfield);
        var size = scan.Geometry.Size;
        if (hounsfield.LongLength != size.VoxelCount)
        {
            throw new ArgumentException($"{hounsfield.LongLength} voxels do not fill a {size} grid", nameof(hounsfield));
        }

        Directory.CreateDirectory(folder);
        int plane = size.X * size.Y;
        for (int k = 0; k < size.Z; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var dataset = Slice(scan, time, k, hounsfield.AsSpan(k * plane, plane));
            string path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"CT{k + 1:000000}.dcm"));
            await DicomWriter.WriteFileAsync(path, dataset, cancellationToken: cancellationToken);
        }
    }

    /// <summary>A UID for one of the case's objects: <c>2.25.</c> and 128 bits of SHA-256(seed, name).</summary>
    public static string Uid(int seed, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        byte[] text = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"hem-synth:{seed}:{name}"));
        return DicomUid.FromBytes(SHA256.HashData(text).AsSpan(0, 16));
    }

    public static DicomDataset Slice(SyntheticCase scan, ScanTime time, int k, ReadOnlySpan<short> hounsfield)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var id = scan.Identity;
        var geometry = scan.Geometry;
        bool baseline = time == ScanTime.Baseline;
        string tag = baseline ? "baseline" : "followup";
        var start = baseline ? id.StudyStart : id.FollowUpStart;
        // Acquisition a few minutes into the visit, the images reconstructed a minute later.
        var acquired = start.AddMinutes(4).AddSeconds(k * 0.5);
        var d = new DicomDataset();
        d.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
        d.SetString(DicomTags.ImageType, DicomVR.CS, @"ORIGINAL\PRIMARY\AXIAL");
        d.SetString(DicomTags.InstanceCreationDate, DicomVR.DA, Date(acquired.AddMinutes(1)));
        d.SetString(DicomTags.InstanceCreationTime, DicomVR.TM, Time(acquired.AddMinutes(1)));
        d.SetString(DicomTags.SOPClassUID, DicomVR.UI, CtImageStorage);
        d.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, Uid(scan.Seed, string.Create(CultureInfo.InvariantCulture, $"{tag}:image:{k}")));
        d.SetString(DicomTags.StudyDate, DicomVR.DA, Date(start));
        d.SetString(DicomTags.SeriesDate, DicomVR.DA, Date(acquired));
        d.SetString(DicomTags.AcquisitionDate, DicomVR.DA, Date(acquired));
        d.SetString(DicomTags.ContentDate, DicomVR.DA, Date(acquired.AddMinutes(1)));
        d.SetString(DicomTags.StudyTime, DicomVR.TM, Time(start));
        d.SetString(DicomTags.SeriesTime, DicomVR.TM, Time(acquired));
        d.SetString(DicomTags.AcquisitionTime, DicomVR.TM, Time(acquired));
        d.SetString(DicomTags.ContentTime, DicomVR.TM, Time(acquired.AddMinutes(1)));
        d.SetString(DicomTags.AccessionNumber, DicomVR.SH, baseline ? id.AccessionNumber : id.FollowUpAccessionNumber);
        d.SetString(DicomTags.Modality, DicomVR.CS, "CT");
        d.SetString(DicomTags.Manufacturer, DicomVR.LO, "HemFunctions");
        d.SetString(DicomTags.InstitutionName, DicomVR.LO, id.Institution);
        d.SetString(DicomTags.InstitutionAddress, DicomVR.ST, id.InstitutionAddress);
        d.SetString(DicomTags.ReferringPhysicianName, DicomVR.PN, id.ReferringPhysician);
        d.SetString(DicomTags.StationName, DicomVR.SH, id.StationName);
        d.SetString(DicomTags.StudyDescription, DicomVR.LO, baseline ? "CT HEAD WITHOUT CONTRAST" : "CT HEAD WITHOUT CONTRAST FOLLOW-UP");
        d.SetString(DicomTags.SeriesDescription, DicomVR.LO, string.Create(CultureInfo.InvariantCulture, $"HEAD {scan.Protocol.SliceThicknessMm:0.0} BRAIN"));
        d.SetString(DicomTags.PerformingPhysicianName, DicomVR.PN, id.PerformingPhysician);
        d.SetString(DicomTags.OperatorsName, DicomVR.PN, id.Operator);
        d.SetString(DicomTags.ManufacturerModelName, DicomVR.LO, "SYNTHETIC HEAD CT");
        d.SetString(DicomTags.PatientName, DicomVR.PN, id.PatientName);
        d.SetString(DicomTags.PatientID, DicomVR.LO, id.PatientId);
        d.SetString(DicomTags.IssuerOfPatientID, DicomVR.LO, id.IssuerOfPatientId);
        d.SetString(DicomTags.PatientBirthDate, DicomVR.DA, id.BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        d.SetString(DicomTags.PatientSex, DicomVR.CS, id.Sex);
        d.SetString(DicomTags.PatientAge, DicomVR.AS, id.AgeAt(start));
        d.SetString(DicomTags.PatientWeight, DicomVR.DS, id.PatientWeightKg.ToString("0.0", CultureInfo.InvariantCulture));
        d.SetString(DicomTags.PatientComments, DicomVR.LT, "Synthetic patient generated by HemFunctions; not a real person.");
        d.SetString(DicomTags.BodyPartExamined, DicomVR.CS, "HEAD");
        d.SetString(DicomTags.SliceThickness, DicomVR.DS, Decimal(scan.Protocol.SliceThicknessMm));
        d.SetString(DicomTags.KVP, DicomVR.DS, "120");
        d.SetString(DicomTags.DataCollectionDiameter, DicomVR.DS, "500");
        d.SetString(DicomTags.DeviceSerialNumber, DicomVR.LO, id.DeviceSerialNumber);
        d.SetString(DicomTags.SoftwareVersions, DicomVR.LO, "HemFunctions synth " + SyntheticGenerator.Version);
        d.SetString(DicomTags.ProtocolName, DicomVR.LO, "ROUTINE HEAD");
        d.SetString(DicomTags.ReconstructionDiameter, DicomVR.DS, Decimal(scan.PixelSpacingMm * ScanProtocol.Matrix));
        d.SetString(DicomTags.GantryDetectorTilt, DicomVR.DS, "0");
        d.SetString(DicomTags.TableHeight, DicomVR.DS, "150");
        d.SetString(DicomTags.ExposureTime, DicomVR.IS, "1000");
        d.SetString(DicomTags.XRayTubeCurrent, DicomVR.IS, "300");
        d.SetString(DicomTags.ConvolutionKernel, DicomVR.SH, "BRAIN");
        d.SetString(DicomTags.PatientPosition, DicomVR.CS, "HFS");
        d.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, Uid(scan.Seed, tag + ":study"));
        d.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, Uid(scan.Seed, tag + ":series"));
        d.SetString(DicomTags.StudyID, DicomVR.SH, baseline ? id.StudyId : (int.Parse(id.StudyId, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture));
        d.SetString(DicomTags.SeriesNumber, DicomVR.IS, "2");
        d.SetString(DicomTags.AcquisitionNumber, DicomVR.IS, "1");
        d.SetString(DicomTags.InstanceNumber, DicomVR.IS, (k + 1).ToString(CultureInfo.InvariantCulture));
        var position = geometry.IndexToPatient(0, 0, k);
        d.SetString(DicomTags.ImagePositionPatient, DicomVR.DS, $"{Decimal(position.X)}\\{Decimal(position.Y)}\\{Decimal(position.Z)}");
        d.SetString(DicomTags.ImageOrientationPatient, DicomVR.DS, @"1\0\0\0\1\0");
        d.SetString(DicomTags.FrameOfReferenceUID, DicomVR.UI, Uid(scan.Seed, tag + ":frame"));
        d.SetString(DicomTags.PositionReferenceIndicator, DicomVR.LO, string.Empty);
        d.SetString(DicomTags.SliceLocation, DicomVR.DS, Decimal(position.Z));
        d.SetString(DicomTags.ImageComments, DicomVR.LT, "Synthetic image (HemFunctions hem synth); not patient data.");
        d.SetUInt16(PixelDescription.SamplesPerPixelTag, 1);
        d.SetString(PixelDescription.PhotometricInterpretationTag, DicomVR.CS, "MONOCHROME2");
        d.SetUInt16(PixelDescription.RowsTag, (ushort)geometry.Size.Y);
        d.SetUInt16(PixelDescription.ColumnsTag, (ushort)geometry.Size.X);
        d.SetString(DicomTags.PixelSpacing, DicomVR.DS, $"{Decimal(geometry.Spacing.Y)}\\{Decimal(geometry.Spacing.X)}");
        d.SetUInt16(PixelDescription.BitsAllocatedTag, 16);
        d.SetUInt16(PixelDescription.BitsStoredTag, 16);
        d.SetUInt16(PixelDescription.HighBitTag, 15);
        d.SetUInt16(PixelDescription.PixelRepresentationTag, 1);
        d.SetString(DicomTags.BurnedInAnnotation, DicomVR.CS, "NO");
        d.SetString(DicomTags.WindowCenter, DicomVR.DS, "40");
        d.SetString(DicomTags.WindowWidth, DicomVR.DS, "80");
        d.SetString(DicomTags.RescaleIntercept, DicomVR.DS, "-1024");
        d.SetString(DicomTags.RescaleSlope, DicomVR.DS, "1");
        d.SetString(DicomTags.RescaleType, DicomVR.LO, "HU");
        d.SetString(DicomTags.LossyImageCompression, DicomVR.CS, "00");
        d.Set(new DicomValueElement(DicomTag.PixelData, DicomVR.OW, Pixels(hounsfield)));
        return d;
    }

    /// <summary>Stored values: HU + 1024, signed 16-bit little endian.</summary>
    private static byte[] Pixels(ReadOnlySpan<short> hounsfield)
    {
        byte[] bytes = new byte[hounsfield.Length * 2];
        for (int i = 0; i < hounsfield.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), (short)(hounsfield[i] + 1024));
        }

        return bytes;
    }

    /// <summary>A decimal string short enough for DS (16 characters) that reads back to the same double.</summary>
    private static string Decimal(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Length <= 16 ? text : value.ToString("G10", CultureInfo.InvariantCulture);
    }

    private static string Date(DateTime value) => value.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Time(DateTime value) => value.ToString("HHmmss.ff", CultureInfo.InvariantCulture);
}
