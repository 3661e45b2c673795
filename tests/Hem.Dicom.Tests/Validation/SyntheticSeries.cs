using System.Buffers.Binary;
using System.Globalization;
using Hem.Dicom.Pixels;
using Hem.Dicom.Series;

namespace Hem.Dicom.Tests.Validation;

/// <summary>
/// A small CT series written by the test itself: by default 16 axial slices of 32 x 32 signed 16-bit pixels,
/// 7 mm apart (105 mm of coverage), 5 mm thick, ORIGINAL\PRIMARY\AXIAL, explicit VR little endian, with a
/// pattern in the pixels. Each case changes one property. Also linked into the CLI tests.
/// </summary>
internal sealed record SyntheticSeries
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public const string SecondaryCaptureStorage = "1.2.840.10008.5.1.4.1.1.7";

    public string SeriesUid { get; init; } = "2.25." + UInt128Text();

    public int Slices { get; init; } = 16;

    public int Rows { get; init; } = 32;

    public int Columns { get; init; } = 32;

    public double SpacingMm { get; init; } = 7;

    public string? SliceThicknessMm { get; init; } = "5";

    public string Modality { get; init; } = "CT";

    public string? ImageType { get; init; } = @"ORIGINAL\PRIMARY\AXIAL";

    public string SopClassUid { get; init; } = CtImageStorage;

    public Vector3D RowDirection { get; init; } = new(1, 0, 0);

    public Vector3D ColumnDirection { get; init; } = new(0, 1, 0);

    public Vector3D Origin { get; init; } = new(-8, -8, 0);

    /// <summary>A gantry tilt made the way scanners record it: axial planes, each shifted in-plane along the columns.</summary>
    public double ShearDegrees { get; init; }

    public string? ContrastBolusAgent { get; init; }

    public string? SeriesDescription { get; init; }

    public string? BurnedInAnnotation { get; init; }

    public string? PatientName { get; init; }

    public string? PatientId { get; init; }

    /// <summary>Written with encapsulated fake fragments under this syntax instead of native pixels.</summary>
    public string? EncapsulatedSyntaxUid { get; init; }

    /// <summary>A change to one slice's dataset, by index (0-based), after it is built.</summary>
    public Action<int, DicomDataset>? Edit { get; init; }

    public Vector3D Normal => RowDirection.Cross(ColumnDirection);

    /// <summary>Each file's name (slice_001.dcm...) and Part 10 bytes.</summary>
    public IEnumerable<(string Name, byte[] Bytes)> Files()
    {
        for (int k = 0; k < Slices; k++)
        {
            var dataset = Slice(k);
            Edit?.Invoke(k, dataset);
            var syntax = EncapsulatedSyntaxUid is { } uid ? DicomTransferSyntax.FromUid(uid) : null;
            yield return (string.Create(CultureInfo.InvariantCulture, $"slice_{k + 1:000}.dcm"), DicomWriter.ToPart10Bytes(dataset, syntax));
        }
    }

    /// <summary>Writes the files into <paramref name="folder"/> (created when missing); returns the folder.</summary>
    public async Task<string> WriteAsync(string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in Files())
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, name), bytes, cancellationToken);
        }

        return folder;
    }

    private DicomDataset Slice(int k)
    {
        var d = new DicomDataset();
        d.SetString(DicomTags.SOPClassUID, DicomVR.UI, SopClassUid);
        d.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, $"{SeriesUid}.{k + 1}");
        d.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, "2.25.1234567");
        d.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, SeriesUid);
        d.SetString(DicomTags.Modality, DicomVR.CS, Modality);
        SetIf(d, DicomTags.ImageType, DicomVR.CS, ImageType);
        SetIf(d, DicomTags.PatientName, DicomVR.PN, PatientName);
        SetIf(d, DicomTags.PatientID, DicomVR.LO, PatientId);
        SetIf(d, DicomTags.SeriesDescription, DicomVR.LO, SeriesDescription);
        SetIf(d, DicomTags.ContrastBolusAgent, DicomVR.LO, ContrastBolusAgent);
        SetIf(d, DicomTags.BurnedInAnnotation, DicomVR.CS, BurnedInAnnotation);
        SetIf(d, DicomTags.SliceThickness, DicomVR.DS, SliceThicknessMm);
        d.SetString(DicomTags.InstanceNumber, DicomVR.IS, (k + 1).ToString(CultureInfo.InvariantCulture));

        double along = k * SpacingMm;
        var position = Origin + (along * Normal) + ((along * Math.Tan(ShearDegrees * Math.PI / 180)) * ColumnDirection);
        d.SetString(DicomTags.ImagePositionPatient, DicomVR.DS, Text(position.X, position.Y, position.Z));
        d.SetString(DicomTags.ImageOrientationPatient, DicomVR.DS,
            Text(RowDirection.X, RowDirection.Y, RowDirection.Z, ColumnDirection.X, ColumnDirection.Y, ColumnDirection.Z));
        d.SetString(DicomTags.PixelSpacing, DicomVR.DS, "0.5\\0.5");
        d.SetString(DicomTags.RescaleIntercept, DicomVR.DS, "-1024");
        d.SetString(DicomTags.RescaleSlope, DicomVR.DS, "1");

        d.SetUInt16(PixelDescription.SamplesPerPixelTag, 1);
        d.SetString(PixelDescription.PhotometricInterpretationTag, DicomVR.CS, "MONOCHROME2");
        d.SetUInt16(PixelDescription.RowsTag, (ushort)Rows);
        d.SetUInt16(PixelDescription.ColumnsTag, (ushort)Columns);
        d.SetUInt16(PixelDescription.BitsAllocatedTag, 16);
        d.SetUInt16(PixelDescription.BitsStoredTag, 16);
        d.SetUInt16(PixelDescription.HighBitTag, 15);
        d.SetUInt16(PixelDescription.PixelRepresentationTag, 1);
        if (EncapsulatedSyntaxUid is null)
        {
            d.Set(new DicomValueElement(DicomTag.PixelData, DicomVR.OW, Pixels(k)));
        }
        else
        {
            d.Set(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, ReadOnlyMemory<byte>.Empty, [new byte[] { 0xFF, 0x4F, 0xFF, 0x51, 0, 0, 0, 0 }]));
        }

        return d;
    }

    private byte[] Pixels(int k)
    {
        byte[] bytes = new byte[Rows * Columns * 2];
        for (int i = 0; i < Rows * Columns; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), (short)(1000 + ((i * 7) + (k * 13)) % 200));
        }

        return bytes;
    }

    private static void SetIf(DicomDataset dataset, DicomTag tag, DicomVR vr, string? value)
    {
        if (value is not null)
        {
            dataset.SetString(tag, vr, value);
        }
    }

    private static string Text(params double[] values) =>
        string.Join('\\', values.Select(v => Math.Round(v, 6).ToString("0.######", CultureInfo.InvariantCulture)));

    private static string UInt128Text()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        return new UInt128(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..])).ToString(CultureInfo.InvariantCulture);
    }
}
