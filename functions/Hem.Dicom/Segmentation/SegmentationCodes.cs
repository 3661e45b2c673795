namespace Hem.Dicom.Segmentation;

/// <summary>
/// The coded concepts a hematoma segmentation uses, each from the PS3.16 context group the Segmentation IOD names
/// for it (meanings as in DICOM 2022a, the edition of the data dictionary; checked against pydicom 2.3.1's copy of
/// PS3.16, <c>pydicom/sr/_concepts_dict.py</c>).
/// </summary>
public static class SegmentationCodes
{
    /// <summary>
    /// Segmented Property Category for a hematoma: CID 7150 "Segmentation Property Categories" holds SCT 49755003,
    /// whose meaning the standard gives as "Morphologically Abnormal Structure" (older texts: "Altered").
    /// </summary>
    public static CodedConcept MorphologicallyAbnormalStructure { get; } = new("49755003", "SCT", "Morphologically Abnormal Structure");

    /// <summary>
    /// Segmented Property Type for a hematoma. CID 7151 "Segmentation Property Types" includes CID 7194, which
    /// includes CID 7159 "Lesion Segmentation Types", whose entry for blood in tissue is SCT 50960005 "Hemorrhage"
    /// (a morphologic abnormality). SCT 385494008 "Hematoma" is a disorder concept in no segmentation context group,
    /// and SCT 35566002 "Hematoma" (morphologic abnormality) is only in CID 6030/6031 (mammography), so the standard's
    /// own entry is used; the segment label says "hematoma" for people.
    /// </summary>
    public static CodedConcept Hemorrhage { get; } = new("50960005", "SCT", "Hemorrhage");

    /// <summary>Algorithm family (CID 7162 "Surface Processing Algorithm Families") for a trained model.</summary>
    public static CodedConcept ArtificialIntelligence { get; } = new("123110", "DCM", "Artificial Intelligence");

    /// <summary>Algorithm family (CID 7162) for thresholds on the intensity histogram.</summary>
    public static CodedConcept HistogramAnalysis { get; } = new("123105", "DCM", "Histogram Analysis");

    /// <summary>Algorithm family (CID 7162) for erosion, dilation, filling and component selection.</summary>
    public static CodedConcept MorphologicalOperations { get; } = new("123104", "DCM", "Morphological Operations");

    /// <summary>Derivation Code (CID 7203 "Image Derivation") of every frame: the frame is a segmentation of its source.</summary>
    public static CodedConcept SegmentationDerivation { get; } = new("113076", "DCM", "Segmentation");

    /// <summary>Purpose of Reference (CID 7202 "Source Image Purposes of Reference") of each frame's source image.</summary>
    public static CodedConcept SourceImageForImageProcessingOperation { get; } = new("121322", "DCM", "Source image for image processing operation");
}
