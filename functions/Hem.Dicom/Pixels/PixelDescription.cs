namespace Hem.Dicom.Pixels;

/// <summary>
/// The Image Pixel module attributes that say how to read stored values (PS3.3 C.7.6.3), read and checked before
/// anything is allocated: sizes come from the file and are untrusted.
/// </summary>
public sealed record PixelDescription(
    int Rows,
    int Columns,
    int SamplesPerPixel,
    int BitsAllocated,
    int BitsStored,
    int HighBit,
    int PixelRepresentation,
    int PlanarConfiguration,
    string PhotometricInterpretation,
    int NumberOfFrames)
{
    /// <summary>The most stored values one image may hold (frames x rows x columns x samples): 2^31 - 1.</summary>
    public const long MaxValues = int.MaxValue;

    public static readonly DicomTag SamplesPerPixelTag = new(0x0028, 0x0002);
    public static readonly DicomTag PhotometricInterpretationTag = new(0x0028, 0x0004);
    public static readonly DicomTag PlanarConfigurationTag = new(0x0028, 0x0006);
    public static readonly DicomTag NumberOfFramesTag = new(0x0028, 0x0008);
    public static readonly DicomTag RowsTag = new(0x0028, 0x0010);
    public static readonly DicomTag ColumnsTag = new(0x0028, 0x0011);
    public static readonly DicomTag BitsAllocatedTag = new(0x0028, 0x0100);
    public static readonly DicomTag BitsStoredTag = new(0x0028, 0x0101);
    public static readonly DicomTag HighBitTag = new(0x0028, 0x0102);
    public static readonly DicomTag PixelRepresentationTag = new(0x0028, 0x0103);

    public long ValuesPerFrame => (long)Rows * Columns * SamplesPerPixel;

    public long TotalValues => ValuesPerFrame * NumberOfFrames;

    /// <summary>Bytes one native (uncompressed) frame occupies; 1-bit frames are packed and may share bytes.</summary>
    public long NativeFrameBits => ValuesPerFrame * BitsAllocated;

    /// <summary>Checks a decoder's frame index and destination; returns the values one frame holds.</summary>
    public int CheckFrameArguments(int frame, int destinationLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, NumberOfFrames);
        int count = checked((int)ValuesPerFrame);
        if (destinationLength < count)
        {
            throw new ArgumentException("destination is smaller than one frame", nameof(destinationLength));
        }

        return count;
    }

    public static PixelDescription Read(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        int rows = Required(dataset, RowsTag, "Rows");
        int columns = Required(dataset, ColumnsTag, "Columns");
        int bitsAllocated = Required(dataset, BitsAllocatedTag, "BitsAllocated");
        int samples = (int)(Optional(dataset, SamplesPerPixelTag, "SamplesPerPixel") ?? 1);
        int bitsStored = (int)(Optional(dataset, BitsStoredTag, "BitsStored") ?? bitsAllocated);
        int highBit = (int)(Optional(dataset, HighBitTag, "HighBit") ?? bitsStored - 1);
        int representation = (int)(Optional(dataset, PixelRepresentationTag, "PixelRepresentation") ?? 0);
        int planar = (int)(Optional(dataset, PlanarConfigurationTag, "PlanarConfiguration") ?? 0);
        long frames = Optional(dataset, NumberOfFramesTag, "NumberOfFrames") ?? 1;
        string photometric = dataset.GetString(PhotometricInterpretationTag) ?? (samples == 1 ? "MONOCHROME2" : "RGB");

        if (rows <= 0 || columns <= 0)
        {
            throw new DicomFormatException($"image size {rows} x {columns} is not positive");
        }

        if (samples is not (1 or 3 or 4))
        {
            throw new DicomFormatException($"SamplesPerPixel {samples} is not 1, 3 or 4");
        }

        if (bitsAllocated is not (1 or 8 or 16 or 32))
        {
            throw new DicomUnsupportedException($"BitsAllocated {bitsAllocated} is not supported (1, 8, 16 or 32)");
        }

        if (bitsStored < 1 || bitsStored > bitsAllocated || highBit != bitsStored - 1)
        {
            throw new DicomFormatException($"BitsStored {bitsStored} / HighBit {highBit} do not fit BitsAllocated {bitsAllocated}");
        }

        if (representation is not (0 or 1) || planar is not (0 or 1))
        {
            throw new DicomFormatException($"PixelRepresentation {representation} or PlanarConfiguration {planar} is not 0 or 1");
        }

        if (frames < 1)
        {
            frames = 1;
        }

        long total = (long)rows * columns * samples * frames;
        if (total > MaxValues)
        {
            throw new DicomFormatException($"the image declares {total} stored values, more than the {MaxValues} this reader accepts");
        }

        return new PixelDescription(rows, columns, samples, bitsAllocated, bitsStored, highBit, representation, planar, photometric, (int)frames);
    }

    private static int Required(DicomDataset dataset, DicomTag tag, string name) =>
        (int)(Optional(dataset, tag, name) ?? throw new DicomFormatException($"{name} {tag} is missing"));

    /// <summary>Absent is null; present but not a number in range is an error, never a silent default.</summary>
    private static long? Optional(DicomDataset dataset, DicomTag tag, string name)
    {
        if (!dataset.TryGetElement(tag, out var element) || element is DicomValueElement { Length: 0 })
        {
            return null;
        }

        long value = dataset.GetInteger(tag) ?? throw new DicomFormatException($"{name} {tag} is not an integer");
        return value is < 0 or > int.MaxValue ? throw new DicomFormatException($"{name} {tag} is out of range") : value;
    }
}
