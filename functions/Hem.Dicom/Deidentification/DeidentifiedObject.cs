namespace Hem.Dicom.Deidentification;

/// <summary>One de-identified object, ready to write: its new dataset, the transfer syntax its pixels need, its
/// study's storage key and its new SOP Instance UID (which also names its file).</summary>
public sealed record DeidentifiedObject(DicomDataset Dataset, DicomTransferSyntax TransferSyntax, StudyKey StudyKey, string SopInstanceUid)
{
    /// <summary>The file name: the new SOP Instance UID, so nothing of the input's name survives.</summary>
    public string FileName => SopInstanceUid + ".dcm";

    public byte[] ToPart10Bytes() => DicomWriter.ToPart10Bytes(Dataset, TransferSyntax);
}
