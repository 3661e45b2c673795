using Hem.Dicom.Pixels;

namespace Hem.Dicom.Validation;

/// <summary>
/// Checks that a fully read object holds the pixel data its header promises, without decoding it: native data
/// long enough for every frame, or encapsulated fragments that can be split into the declared frames. Decoding
/// waits for the volume builder; running an external codec over every file here would double the cost.
/// </summary>
internal static class PixelDataCheck
{
    public static void Check(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var description = PixelDescription.Read(file.Dataset);
        switch (file.Dataset[DicomTag.PixelData])
        {
            case null:
                throw new DicomFormatException($"it has no Pixel Data {DicomTag.PixelData}");
            case DicomValueElement native when !file.TransferSyntax.Encapsulated:
                long needed = ((description.TotalValues * description.BitsAllocated) + 7) / 8;
                if (native.Length < needed)
                {
                    throw new DicomFormatException($"its pixel data holds {native.Length} bytes but the image needs {needed}");
                }

                break;
            case DicomFragmentSequence when file.TransferSyntax.Encapsulated:
                _ = EncapsulatedFrames.Locate(file.Dataset, description.NumberOfFrames, file.TransferSyntax);
                break;
            default:
                throw new DicomFormatException($"its Pixel Data {DicomTag.PixelData} is not stored the way its transfer syntax says (encapsulated or native)");
        }
    }
}
