using Hem.Dicom.Deidentification;

namespace Hem.Dicom.Tests.Deidentification;

public sealed class ImageSafetyPolicyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("quirks/fodicom_GH178.dcm")]
    [InlineData("ts/pydicom_SC_rgb_small_odd.dcm")]
    [InlineData("ts/pydicom_JPEG2000.dcm")]
    public async Task Real_secondary_captures_are_refused(string fixture)
    {
        var file = await DicomReader.ReadFileAsync(Fixtures.Path(fixture), cancellationToken: Token);

        var ex = Assert.Throws<ImageRefusedException>(() => TestKeys.Basic().Deidentify(file));

        Assert.Equal(RefusalReason.SecondaryCapture, ex.Reason);
        Assert.Equal("secondary-capture", ex.ReasonCode);
        Assert.StartsWith("secondary-capture: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_CT_image_is_accepted()
    {
        var file = await DicomReader.ReadFileAsync(Fixtures.Path("ct/CT1_UNC.explicit_little_endian.dcm"), cancellationToken: Token);

        Assert.Null(ImageSafetyPolicy.Assess(file.Dataset, file.FileMetaInformation));
    }

    [Fact]
    public async Task A_real_CT_image_with_burned_in_annotation_is_refused()
    {
        var file = await DicomReader.ReadFileAsync(Fixtures.Path("ct/CT1_UNC.explicit_little_endian.dcm"), cancellationToken: Token);
        file.Dataset.SetString(DicomTags.BurnedInAnnotation, DicomVR.CS, "YES ");

        var ex = Assert.Throws<ImageRefusedException>(() => TestKeys.Basic().Deidentify(file));

        Assert.Equal("burned-in-annotation", ex.ReasonCode);
        Assert.Contains("(0028,0301)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BurnedInAnnotation", "YES", RefusalReason.BurnedInAnnotation)]
    [InlineData("SOPClassUID", "1.2.840.10008.5.1.4.1.1.7", RefusalReason.SecondaryCapture)]
    [InlineData("SOPClassUID", "1.2.840.10008.5.1.4.1.1.7.1", RefusalReason.SecondaryCapture)]
    [InlineData("SOPClassUID", "1.2.840.10008.5.1.4.1.1.7.2", RefusalReason.SecondaryCapture)]
    [InlineData("SOPClassUID", "1.2.840.10008.5.1.4.1.1.7.3", RefusalReason.SecondaryCapture)]
    [InlineData("SOPClassUID", "1.2.840.10008.5.1.4.1.1.7.4", RefusalReason.SecondaryCapture)]
    [InlineData("SOPClassUID", "1.2.840.10008.5.1.4.1.1.104.1", RefusalReason.EncapsulatedDocument)]
    [InlineData("ConversionType", "WSD", RefusalReason.CapturedImage)]
    [InlineData("ConversionType", "SYN", RefusalReason.CapturedImage)]
    [InlineData("ConversionType", "DRW", RefusalReason.CapturedImage)]
    [InlineData("ImageType", "DERIVED\\SECONDARY\\SCREEN SAVE", RefusalReason.ScreenshotImageType)]
    [InlineData("ImageType", "ORIGINAL\\PRIMARY\\DOSE_INFO", RefusalReason.ScreenshotImageType)]
    [InlineData("ImageType", "DERIVED\\SECONDARY\\OTHER\\CSA REPORT", RefusalReason.ScreenshotImageType)]
    [InlineData("Modality", "DOC", RefusalReason.DocumentModality)]
    public void Generated_objects_are_refused_for_their_reason(string keyword, string value, RefusalReason reason)
    {
        var dataset = Ct();
        Assert.True(DicomDictionary.Default.TryGetByKeyword(keyword, out var tag));
        var vr = DicomDictionary.Default.DefaultVR(tag);
        dataset.SetString(tag, vr, value);

        Assert.Equal(reason, ImageSafetyPolicy.Assess(dataset));
        var ex = Assert.Throws<ImageRefusedException>(() => TestKeys.Basic().Deidentify(TestKeys.AsFile(dataset)));
        Assert.Equal(reason, ex.Reason);
        Assert.DoesNotContain("MRK", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BurnedInAnnotation", "NO")]
    [InlineData("ImageType", "DERIVED\\SECONDARY\\MPR")]
    [InlineData("ImageType", "ORIGINAL\\PRIMARY\\AXIAL")]
    [InlineData("Modality", "CT")]
    public void Acquired_and_reformatted_CT_images_pass(string keyword, string value)
    {
        var dataset = Ct();
        Assert.True(DicomDictionary.Default.TryGetByKeyword(keyword, out var tag));
        dataset.SetString(tag, DicomDictionary.Default.DefaultVR(tag), value);

        Assert.Null(ImageSafetyPolicy.Assess(dataset));
    }

    [Fact]
    public void The_SOP_class_is_taken_from_the_meta_information_when_the_dataset_lacks_it()
    {
        var dataset = Ct();
        dataset.Remove(DicomTags.SOPClassUID);
        var meta = new DicomDataset();
        meta.SetString(DicomTags.MediaStorageSOPClassUID, DicomVR.UI, ImageSafetyPolicy.SecondaryCaptureClass);

        Assert.Equal(RefusalReason.SecondaryCapture, ImageSafetyPolicy.Assess(dataset, meta));
    }

    [Fact]
    public void Every_reason_has_a_stable_distinct_code()
    {
        var codes = Enum.GetValues<RefusalReason>().Select(ImageRefusedException.Code).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-z]+(-[a-z]+)*$", c));
    }

    private static DicomDataset Ct()
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTags.SOPClassUID, DicomVR.UI, MarkerCorpus.CtImageStorage);
        dataset.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.3.4");
        dataset.SetString(DicomTags.PatientName, DicomVR.PN, "MRK99999");
        dataset.SetString(DicomTags.Modality, DicomVR.CS, "CT");
        return dataset;
    }
}
