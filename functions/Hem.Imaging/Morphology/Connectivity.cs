namespace Hem.Imaging.Morphology;

/// <summary>Which neighbours of a voxel touch it.</summary>
public enum Connectivity
{
    /// <summary>The 6 voxels sharing a face.</summary>
    Faces = 6,

    /// <summary>The 26 voxels sharing a face, an edge or a corner.</summary>
    Full = 26,
}
