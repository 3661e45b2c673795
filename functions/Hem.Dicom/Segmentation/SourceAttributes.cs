namespace Hem.Dicom.Segmentation;

/// <summary>
/// Copies the Patient (PS3.3 C.7.1.1), General Study (C.7.2.1) and Patient Study (C.7.2.2) attributes from an image
/// of the source series, with the Specific Character Set they are encoded in and the Position Reference Indicator of
/// its Frame of Reference. Values are copied as they are, never made up: a Type 2 attribute the image lacks is
/// written empty, which the standard allows (unknown), and anything else it lacks is left out. De-identification has
/// already happened to the source, so the segmentation carries exactly what the de-identified images carry,
/// including the de-identification method that says so.
/// </summary>
internal static class SourceAttributes
{
    private static readonly (DicomTag Tag, DicomVR EmptyAs)[] TypeTwo =
    [
        (DicomTags.PatientName, DicomVR.PN),
        (DicomTags.PatientID, DicomVR.LO),
        (DicomTags.PatientBirthDate, DicomVR.DA),
        (DicomTags.PatientSex, DicomVR.CS),
        (DicomTags.StudyDate, DicomVR.DA),
        (DicomTags.StudyTime, DicomVR.TM),
        (DicomTags.ReferringPhysicianName, DicomVR.PN),
        (DicomTags.StudyID, DicomVR.SH),
        (DicomTags.AccessionNumber, DicomVR.SH),
        (DicomTags.PositionReferenceIndicator, DicomVR.LO),
    ];

    private static readonly DicomTag[] Optional =
    [
        DicomTags.SpecificCharacterSet,
        // Patient
        DicomTags.IssuerOfPatientID,
        DicomTags.IssuerOfPatientIDQualifiersSequence,
        DicomTags.TypeOfPatientID,
        DicomTags.PatientBirthTime,
        DicomTags.QualityControlSubject,
        DicomTags.OtherPatientIDsSequence,
        DicomTags.OtherPatientNames,
        DicomTags.EthnicGroup,
        DicomTags.PatientComments,
        DicomTags.PatientSpeciesDescription,
        DicomTags.PatientSpeciesCodeSequence,
        DicomTags.PatientBreedDescription,
        DicomTags.PatientBreedCodeSequence,
        DicomTags.BreedRegistrationSequence,
        DicomTags.ResponsiblePerson,
        DicomTags.ResponsiblePersonRole,
        DicomTags.ResponsibleOrganization,
        DicomTags.PatientIdentityRemoved,
        DicomTags.DeidentificationMethod,
        DicomTags.DeidentificationMethodCodeSequence,
        // General Study
        DicomTags.ReferringPhysicianIdentificationSequence,
        DicomTags.IssuerOfAccessionNumberSequence,
        DicomTags.StudyDescription,
        DicomTags.PhysiciansOfRecord,
        DicomTags.ProcedureCodeSequence,
        // Patient Study
        DicomTags.PatientAge,
        DicomTags.PatientSize,
        DicomTags.PatientWeight,
        DicomTags.PatientSexNeutered,
        DicomTags.SmokingStatus,
        DicomTags.PregnancyStatus,
        // SOP Common: the copied dates are as modified as the source's, and this says whether they were.
        DicomTags.LongitudinalTemporalInformationModified,
    ];

    public static void CopyInto(DicomDataset target, SourceSeries source)
    {
        var image = source.PatientAndStudy;
        foreach (var tag in Optional)
        {
            if (image[tag] is { } element)
            {
                target.Set(Copy(element, target));
            }
        }

        foreach (var (tag, vr) in TypeTwo)
        {
            target.Set(image[tag] is { } element ? Copy(element, target) : new DicomValueElement(tag, vr, ReadOnlyMemory<byte>.Empty));
        }

        target.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, source.StudyInstanceUid);
    }

    // Sequence items are copied so the segmentation never shares a mutable item with the caller's dataset.
    private static DicomElement Copy(DicomElement element, DicomDataset parent)
    {
        if (element is not DicomSequence sequence)
        {
            return element;
        }

        var copy = new DicomSequence(sequence.Tag);
        foreach (var item in sequence.Items)
        {
            var itemCopy = new DicomDataset(parent);
            foreach (var child in item.Elements)
            {
                itemCopy.Set(Copy(child, itemCopy));
            }

            copy.Add(itemCopy);
        }

        return copy;
    }
}
