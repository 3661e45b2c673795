namespace Hem.Dicom.Series;

/// <summary>What a geometry correction did to turn the acquired slices into a regular grid.</summary>
public enum GeometryCorrectionKind
{
    /// <summary>Slices were unevenly spaced and were resampled along the slice normal.</summary>
    UnevenSpacing,

    /// <summary>Slices were acquired with a tilted gantry and were shifted in-plane onto an orthogonal grid.</summary>
    GantryTilt,

    /// <summary>Something worth knowing that changed no voxel (a header that disagrees with the positions, say).</summary>
    Note,
}

/// <summary>One correction made while assembling a volume, in words a reader of the summary understands.</summary>
public sealed record GeometryCorrection(GeometryCorrectionKind Kind, string Description)
{
    public override string ToString() => Description;
}
