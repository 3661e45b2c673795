using System.Globalization;

namespace Hem.Dicom.Pixels.External;

/// <summary>
/// The dataset handed to an external tool: the compressed pixel data and the Image Pixel attributes, re-encoded
/// from the validated description, and nothing else. No patient or study attribute is written to disk, and tools
/// never see a value whose VR was lost (UN) or a missing UID they would choke on.
/// </summary>
internal static class TranscoderInput
{
    private const string SecondaryCaptureImageStorage = "1.2.840.10008.5.1.4.1.1.7";

    public static DicomDataset Build(DicomFile file, PixelDescription description)
    {
        if (file.Dataset[DicomTag.PixelData] is not DicomFragmentSequence pixels)
        {
            throw new DicomFormatException($"Pixel Data {DicomTag.PixelData} is not encapsulated although transfer syntax {file.TransferSyntax.Uid} requires it");
        }

        string? sopClass = file.Dataset.GetString(DicomTags.SOPClassUID) ?? file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPClassUID);
        var dataset = new DicomDataset();
        dataset.SetString(DicomTags.SOPClassUID, DicomVR.UI, sopClass is not null && DicomUid.IsValid(sopClass) ? sopClass : SecondaryCaptureImageStorage);
        dataset.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, DicomUid.Generate());
        dataset.SetUInt16(PixelDescription.SamplesPerPixelTag, (ushort)description.SamplesPerPixel);
        dataset.SetString(PixelDescription.PhotometricInterpretationTag, DicomVR.CS, description.PhotometricInterpretation);
        if (description.SamplesPerPixel > 1)
        {
            dataset.SetUInt16(PixelDescription.PlanarConfigurationTag, (ushort)description.PlanarConfiguration);
        }

        dataset.SetString(PixelDescription.NumberOfFramesTag, DicomVR.IS, description.NumberOfFrames.ToString(CultureInfo.InvariantCulture));
        dataset.SetUInt16(PixelDescription.RowsTag, (ushort)description.Rows);
        dataset.SetUInt16(PixelDescription.ColumnsTag, (ushort)description.Columns);
        dataset.SetUInt16(PixelDescription.BitsAllocatedTag, (ushort)description.BitsAllocated);
        dataset.SetUInt16(PixelDescription.BitsStoredTag, (ushort)description.BitsStored);
        dataset.SetUInt16(PixelDescription.HighBitTag, (ushort)description.HighBit);
        dataset.SetUInt16(PixelDescription.PixelRepresentationTag, (ushort)description.PixelRepresentation);
        foreach (var tag in new[] { DicomTags.ExtendedOffsetTable, DicomTags.ExtendedOffsetTableLengths })
        {
            if (file.Dataset[tag] is DicomValueElement table)
            {
                dataset.Set(new DicomValueElement(tag, DicomVR.OV, table.Bytes));
            }
        }

        dataset.Set(pixels);
        return dataset;
    }
}
