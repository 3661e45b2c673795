using System.Globalization;
using Hem.Dicom.Deidentification;

namespace Hem.Dicom.Tests.Deidentification;

public sealed class DateShiftTests
{
    [Theory]
    [InlineData("20200228", 1, "20200229")]
    [InlineData("20200229", 1, "20200301")]
    [InlineData("20190228", 1, "20190301")]
    [InlineData("20200301", -1, "20200229")]
    [InlineData("20210301", -1, "20210228")]
    [InlineData("20000228", 1, "20000229")]
    [InlineData("19000228", 1, "19000301")]
    [InlineData("21000228", 1, "21000301")]
    [InlineData("20201231", 1, "20210101")]
    [InlineData("20210101", -1, "20201231")]
    [InlineData("20240131", 30, "20240301")]
    [InlineData("20230131", 30, "20230302")]
    [InlineData("20200615", 365, "20210615")]
    [InlineData("20190615", 365, "20200614")]
    [InlineData("20200615", -365, "20190616")]
    [InlineData("20200101\\20200229", 1, "20200102\\20200301")]
    [InlineData("2020.02.28", 1, "20200229")]
    [InlineData("", 7, "")]
    public void Dates_move_by_whole_days_across_month_year_and_leap_boundaries(string value, int days, string expected)
    {
        Assert.Equal(expected, DicomDateText.ShiftDate(value, days));
    }

    [Theory]
    [InlineData("20200230")]
    [InlineData("2020-02-28")]
    [InlineData("20200101-20200201")]
    [InlineData("yesterday")]
    [InlineData("20200101\\not a date")]
    [InlineData("99991231")]
    public void What_is_not_an_exact_date_is_not_shifted(string value)
    {
        Assert.Null(DicomDateText.ShiftDate(value, 1));
    }

    [Theory]
    [InlineData("20200228235959.123456+0100", 1, "20200229235959.123456+0100")]
    [InlineData("20201231230000", 1, "20210101230000")]
    [InlineData("2020022812", -59, "2019123112")]
    [InlineData("202002", 1, "202002")]
    [InlineData("202001", 31, "202002")]
    [InlineData("2020", 365, "2020")]
    [InlineData("2020", 366, "2021")]
    [InlineData("2020+0100", -1, "2019+0100")]
    public void Date_times_move_their_date_part_and_keep_the_rest(string value, int days, string expected)
    {
        Assert.Equal(expected, DicomDateText.ShiftDateTime(value, days));
    }

    [Theory]
    [InlineData("20X0")]
    [InlineData("20201")]
    [InlineData("202013011200")]
    public void Unreadable_date_times_are_not_shifted(string value)
    {
        Assert.Null(DicomDateText.ShiftDateTime(value, 1));
    }

    [Fact]
    public void The_shift_is_never_zero_and_stays_within_the_bound()
    {
        var shifts = Enumerable.Range(0, 2000).Select(i => DateShift.Derive(TestKeys.Deployment, Linkage("P" + i), 365).Days).ToList();

        Assert.All(shifts, d => Assert.InRange(Math.Abs(d), 1, 365));
        Assert.Contains(shifts, d => d < 0);
        Assert.Contains(shifts, d => d > 0);
        Assert.True(shifts.Distinct().Count() > 500, "shifts should spread over the range");
    }

    [Fact]
    public void The_shift_is_per_patient_and_per_key()
    {
        var a = DateShift.Derive(TestKeys.Deployment, Linkage("PAT-1"), 365);

        Assert.Equal(a, DateShift.Derive(TestKeys.Deployment, Linkage("PAT-1"), 365));
        Assert.NotEqual(a, DateShift.Derive(TestKeys.Deployment, Linkage("PAT-2"), 365));
        Assert.NotEqual(a, DateShift.Derive(TestKeys.Other, Linkage("PAT-1"), 365));
    }

    [Fact]
    public void Two_studies_of_one_patient_keep_their_interval_through_a_leap_day()
    {
        var deidentifier = TestKeys.Research();
        var baseline = deidentifier.Deidentify(TestKeys.AsFile(Study("PAT-7", "1.2.3.1", "20200227", "20200227083000.5")));
        var followUp = deidentifier.Deidentify(TestKeys.AsFile(Study("PAT-7", "1.2.3.2", "20200302", "20200302171500")));

        var first = Date(baseline.Dataset.GetString(DicomTags.StudyDate));
        var second = Date(followUp.Dataset.GetString(DicomTags.StudyDate));
        Assert.Equal(4, second.DayNumber - first.DayNumber);
        int shift = first.DayNumber - new DateOnly(2020, 2, 27).DayNumber;
        Assert.InRange(Math.Abs(shift), 1, 365);
        Assert.Equal(new DateOnly(2020, 3, 2).AddDays(shift), second);
        // DT moves its date part by the same days; times of day stay.
        Assert.Equal(first.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "083000.5", baseline.Dataset.GetString(DicomTags.AcquisitionDateTime));
        Assert.Equal("083000", baseline.Dataset.GetString(DicomTags.StudyTime));
        Assert.Equal("MODIFIED", baseline.Dataset.GetString(DicomTags.LongitudinalTemporalInformationModified));
        // The birth date is Z even under the option; the age is kept instead.
        Assert.Equal(string.Empty, baseline.Dataset.GetString(DicomTags.PatientBirthDate));
        Assert.Equal("067Y", baseline.Dataset.GetString(DicomTags.PatientAge));
        Assert.Equal(baseline.Dataset.GetString(DicomTags.PatientID), followUp.Dataset.GetString(DicomTags.PatientID));
        Assert.NotEqual(baseline.StudyKey, followUp.StudyKey);
    }

    [Fact]
    public void Intervals_survive_every_shift_across_month_and_leap_year_ends()
    {
        var deidentifier = TestKeys.Research();
        (string Baseline, string FollowUp, int Days)[] pairs =
        [
            ("20200228", "20200301", 2), ("20190228", "20190301", 1), ("20191231", "20200101", 1), ("20200131", "20200201", 1),
            ("20000228", "20000301", 2), ("19000228", "19000301", 1),
        ];
        for (int patient = 0; patient < 60; patient++)
        {
            foreach (var (baseline, followUp, days) in pairs)
            {
                string id = "LEAP-" + patient.ToString(CultureInfo.InvariantCulture);
                var a = deidentifier.Deidentify(TestKeys.AsFile(Study(id, "1.2.9." + patient + ".1", baseline, baseline)));
                var b = deidentifier.Deidentify(TestKeys.AsFile(Study(id, "1.2.9." + patient + ".2", followUp, followUp)));
                Assert.Equal(days, Date(b.Dataset.GetString(DicomTags.StudyDate)).DayNumber - Date(a.Dataset.GetString(DicomTags.StudyDate)).DayNumber);
            }
        }
    }

    [Fact]
    public void Basic_profile_removes_dates_instead()
    {
        var result = TestKeys.Basic().Deidentify(TestKeys.AsFile(Study("PAT-7", "1.2.3.1", "20200227", "20200227083000")));

        Assert.Equal(string.Empty, result.Dataset.GetString(DicomTags.StudyDate));
        Assert.Equal(DummyValues.Date, result.Dataset.GetString(DicomTags.AcquisitionDateTime));
        Assert.Equal(string.Empty, result.Dataset.GetString(DicomTags.StudyTime));
        Assert.Null(result.Dataset.GetString(DicomTags.PatientAge));
        Assert.Equal("REMOVED", result.Dataset.GetString(DicomTags.LongitudinalTemporalInformationModified));
    }

    internal static DicomDataset Study(string patientId, string studyUid, string studyDate, string acquisitionDateTime)
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTags.SOPClassUID, DicomVR.UI, MarkerCorpus.CtImageStorage);
        dataset.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, studyUid + ".1.1");
        dataset.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, studyUid);
        dataset.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, studyUid + ".1");
        dataset.SetString(DicomTags.StudyDate, DicomVR.DA, studyDate);
        dataset.SetString(DicomTags.StudyTime, DicomVR.TM, "083000");
        dataset.SetString(DicomTags.AcquisitionDateTime, DicomVR.DT, acquisitionDateTime);
        dataset.SetString(DicomTags.PatientID, DicomVR.LO, patientId);
        dataset.SetString(DicomTags.PatientName, DicomVR.PN, "Doe^Jane");
        dataset.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19530101");
        dataset.SetString(DicomTags.PatientAge, DicomVR.AS, "067Y");
        dataset.SetString(DicomTags.Modality, DicomVR.CS, "CT");
        return dataset;
    }

    private static PatientLinkage Linkage(string patientId)
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTags.PatientID, DicomVR.LO, patientId);
        return PatientLinkage.Of(dataset);
    }

    private static DateOnly Date(string? text) => DateOnly.ParseExact(text!, "yyyyMMdd", CultureInfo.InvariantCulture);
}
