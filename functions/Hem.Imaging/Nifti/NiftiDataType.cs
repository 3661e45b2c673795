namespace Hem.Imaging.Nifti;

/// <summary>The NIfTI-1 datatype codes this writer produces (nifti1.h DT_*).</summary>
public enum NiftiDataType : short
{
    /// <summary>DT_UNSIGNED_CHAR (uint8): masks and labels.</summary>
    Unsigned8 = 2,

    /// <summary>DT_SIGNED_SHORT (int16): Hounsfield units.</summary>
    Signed16 = 4,

    /// <summary>DT_FLOAT (float32): probabilities and resampled intensities.</summary>
    Real32 = 16,
}
