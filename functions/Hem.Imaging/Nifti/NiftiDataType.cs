namespace Hem.Imaging.Nifti;

/// <summary>
/// NIfTI-1 datatype codes (nifti1.h DT_*) that HemFunctions reads. The writer produces the first three; the
/// reader also takes the others and converts them (see <see cref="NiftiImage"/>).
/// </summary>
public enum NiftiDataType : short
{
    /// <summary>DT_UNSIGNED_CHAR (uint8): masks and labels.</summary>
    Unsigned8 = 2,

    /// <summary>DT_SIGNED_SHORT (int16): Hounsfield units.</summary>
    Signed16 = 4,

    /// <summary>DT_FLOAT (float32): probabilities and resampled intensities.</summary>
    Real32 = 16,

    /// <summary>DT_SIGNED_INT (int32), read only.</summary>
    Signed32 = 8,

    /// <summary>DT_DOUBLE (float64), read only.</summary>
    Real64 = 64,

    /// <summary>DT_INT8, read only.</summary>
    Signed8 = 256,

    /// <summary>DT_UINT16, read only.</summary>
    Unsigned16 = 512,
}
