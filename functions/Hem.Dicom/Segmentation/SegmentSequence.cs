namespace Hem.Dicom.Segmentation;

/// <summary>
/// The Segment Sequence of the Segmentation Image module (PS3.3 C.8.20.2): one item per segment, numbered from 1 in
/// the order given, with the Segment Description macro (number, label, description, category and type codes),
/// AUTOMATIC as the algorithm type with the algorithm's name, the Segmentation Algorithm Identification Sequence
/// (family, name, version) and the recommended CIELab display colour. Also decides Segments Overlap.
/// </summary>
internal static class SegmentSequence
{
    public static DicomSequence Build(IReadOnlyList<Segment> segments, DicomDataset parent)
    {
        var sequence = new DicomSequence(DicomTags.SegmentSequence);
        for (int s = 0; s < segments.Count; s++)
        {
            sequence.Add(Item(segments[s], s + 1, parent));
        }

        return sequence;
    }

    /// <summary>YES when some voxel belongs to more than one segment (a predicted hematoma contains the baseline one), else NO.</summary>
    public static string Overlap(IReadOnlyList<Segment> segments)
    {
        int voxels = segments[0].Mask.Length;
        for (int i = 0; i < voxels; i++)
        {
            int count = 0;
            for (int s = 0; s < segments.Count; s++)
            {
                count += segments[s].Mask[i];
            }

            if (count > 1)
            {
                return "YES";
            }
        }

        return "NO";
    }

    private static DicomDataset Item(Segment segment, int number, DicomDataset parent)
    {
        var item = new DicomDataset(parent);
        item.Set(segment.Category.ToSequence(DicomTags.SegmentedPropertyCategoryCodeSequence, item));
        item.SetUInt16(DicomTags.SegmentNumber, (ushort)number);
        item.SetString(DicomTags.SegmentLabel, DicomVR.LO, segment.Label);
        if (segment.Description.Length > 0)
        {
            item.SetString(DicomTags.SegmentDescription, DicomVR.ST, segment.Description);
        }

        item.Set(new DicomSequence(DicomTags.SegmentationAlgorithmIdentificationSequence, [Algorithm(segment.Algorithm, item)]));
        item.SetString(DicomTags.SegmentAlgorithmType, DicomVR.CS, "AUTOMATIC");
        item.SetString(DicomTags.SegmentAlgorithmName, DicomVR.LO, segment.Algorithm.Name);
        item.Set(BinaryValues.UnsignedShorts(DicomTags.RecommendedDisplayCIELabValue, segment.DisplayColor.ToDicomValues()));
        item.Set(segment.Type.ToSequence(DicomTags.SegmentedPropertyTypeCodeSequence, item));
        return item;
    }

    // The Algorithm Identification macro (PS3.3 Table 10-19): family code, name and version are Type 1.
    private static DicomDataset Algorithm(SegmentAlgorithm algorithm, DicomDataset parent)
    {
        var item = new DicomDataset(parent);
        item.Set(algorithm.Family.ToSequence(DicomTags.AlgorithmFamilyCodeSequence, item));
        item.SetString(DicomTags.AlgorithmVersion, DicomVR.LO, algorithm.Version);
        item.SetString(DicomTags.AlgorithmName, DicomVR.LO, algorithm.Name);
        return item;
    }
}
