namespace Hem.Imaging.Synthetic;

/// <summary>
/// The tissue classes of the phantom, as written to <c>baseline.labels.nii.gz</c> (one byte per voxel: the class at
/// the voxel centre). The brain is <see cref="GreyMatter"/> through <see cref="Brainstem"/> plus the lesion classes.
/// </summary>
public enum TissueLabel : byte
{
    Air = 0,
    SoftTissue = 1,
    CorticalBone = 2,
    Diploe = 3,
    Csf = 4,
    Ventricle = 5,
    GreyMatter = 6,
    WhiteMatter = 7,
    DeepGrey = 8,
    Cerebellum = 9,
    Brainstem = 10,
    Calcification = 11,
    Fat = 12,
    Eye = 13,
    SinusAir = 14,
    Falx = 15,
    Hematoma = 16,
    Oedema = 17,
    IntraventricularBlood = 18,
}
