namespace Hem.Imaging.Nifti;

/// <summary>Which part of the header placed the voxels in space (NIfTI-1 "methods" 3, 2 and 1).</summary>
public enum NiftiTransformSource
{
    /// <summary>sform_code &gt; 0: the srow_x/y/z affine, preferred whenever it is set.</summary>
    Sform,

    /// <summary>sform_code 0, qform_code &gt; 0: quaternion, pixdim and qoffset.</summary>
    Qform,

    /// <summary>Both codes 0: pixdim scaling only, origin at 0 (ANALYZE compatibility; nibabel centres such images instead).</summary>
    Pixdim,
}
