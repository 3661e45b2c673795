using System.Buffers.Binary;

namespace Hem.Dicom;

/// <summary>How a dataset's elements are encoded: explicit or implicit VR, little or big endian.</summary>
internal readonly record struct DatasetEncoding(bool ExplicitVR, bool LittleEndian)
{
    public static DatasetEncoding ImplicitLittle => new(false, true);

    public DicomTransferSyntax AsTransferSyntax() => (ExplicitVR, LittleEndian) switch
    {
        (false, _) => DicomTransferSyntax.ImplicitVRLittleEndian,
        (true, true) => DicomTransferSyntax.ExplicitVRLittleEndian,
        (true, false) => DicomTransferSyntax.ExplicitVRBigEndian,
    };

    /// <summary>
    /// The encoding of the dataset's first element. A declared transfer syntax is trusted unless the first element
    /// plainly contradicts it (VR letters where implicit VR was declared, or none where explicit was), a mistake
    /// some writers make; without one, the encoding is inferred from the first tag and VR bytes.
    /// </summary>
    public static DatasetEncoding Detect(ReadOnlySpan<byte> body, DicomTransferSyntax? declared)
    {
        bool hasVrLetters = body.Length >= 6 && DicomVR.TryParse(body[4], body[5], out _);
        if (declared is not null)
        {
            bool explicitVr = declared.ExplicitVR;
            if (body.Length >= 6 && declared.LittleEndian && explicitVr != hasVrLetters && LooksLikeLittleEndianTag(body))
            {
                explicitVr = hasVrLetters;
            }

            return new DatasetEncoding(explicitVr, declared.LittleEndian);
        }

        if (body.Length < 6)
        {
            return ImplicitLittle;
        }

        if (!LooksLikeLittleEndianTag(body) && hasVrLetters)
        {
            return new DatasetEncoding(true, false);
        }

        return new DatasetEncoding(hasVrLetters, true);
    }

    private static bool LooksLikeLittleEndianTag(ReadOnlySpan<byte> body)
    {
        ushort little = BinaryPrimitives.ReadUInt16LittleEndian(body);
        ushort big = BinaryPrimitives.ReadUInt16BigEndian(body);
        return little <= big;
    }
}
