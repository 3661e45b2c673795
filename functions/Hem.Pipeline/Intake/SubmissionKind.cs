namespace Hem.Pipeline.Intake;

/// <summary>The three inputs of DESIGN.md section 3 (Inputs).</summary>
public enum SubmissionKind
{
    /// <summary>A study as one <c>.zip</c> of DICOM files.</summary>
    Zip,

    /// <summary>A folder of DICOM files, started by the marker blob <c>{folder}/_READY</c> written after them.</summary>
    DicomFolder,

    /// <summary>A research volume <c>NAME.nii</c> or <c>NAME.nii.gz</c>, with <c>NAME.mask.nii.gz</c> beside it when there is one.</summary>
    Nifti,
}
