using System.Globalization;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// A made-up patient, study and hospital for a case's DICOM headers: names, IDs, birth date, accession numbers,
/// institution, physicians and operator, all drawn from the seed. None of it is real; it is there so that the
/// de-identification step has identifying attributes to remove from synthetic studies exactly as from real ones.
/// </summary>
public sealed record FakeIdentity
{
    private static readonly string[] FamilyNames =
    [
        "ABERNATHY", "BALDWIN", "CASTELLANO", "DRUMMOND", "ELLINGTON", "FAIRWEATHER", "GALLAGHER", "HOLLOWAY",
        "IVERSEN", "JANSSEN", "KOWALCZYK", "LINDQVIST", "MACINTYRE", "NAKAMURA", "OKONKWO", "PETROVIC",
        "QUINTERO", "RASMUSSEN", "SANTORO", "THORNBURY", "UMBERTI", "VASQUEZ", "WHITAKER", "YILMAZ", "ZIELINSKI",
    ];

    private static readonly string[] FemaleNames = ["ADA", "BEATRIX", "CLARA", "DORIS", "EDITH", "FLORA", "GRETA", "HILDA", "INGRID", "JOAN", "KARIN", "LUCIA", "MARTA", "NORA"];

    private static readonly string[] MaleNames = ["ALBERT", "BRUNO", "CYRIL", "DESMOND", "EMIL", "FELIX", "GUSTAV", "HAROLD", "IGOR", "JONAS", "KARL", "LEON", "MORRIS", "OSKAR"];

    private static readonly string[] Hospitals =
    [
        "SAINT ELSEWHERE GENERAL HOSPITAL", "NORTHFIELD UNIVERSITY MEDICAL CENTRE", "RIVERSIDE COUNTY HOSPITAL",
        "LAKESHORE STROKE CENTRE", "HILLCREST ROYAL INFIRMARY",
    ];

    private static readonly string[] Streets = ["MAPLE AVENUE", "HARBOUR ROAD", "STATION STREET", "ORCHARD LANE", "CASTLE HILL"];

    private static readonly string[] Cities = ["SPRINGFIELD", "EASTON", "WESTBURY", "MIDDLETON", "NEWHAVEN"];

    public required string PatientName { get; init; }

    public required string PatientId { get; init; }

    public required string IssuerOfPatientId { get; init; }

    public required DateOnly BirthDate { get; init; }

    /// <summary>"F" or "M".</summary>
    public required string Sex { get; init; }

    public required DateTime StudyStart { get; init; }

    public required string AccessionNumber { get; init; }

    public required string FollowUpAccessionNumber { get; init; }

    public required string StudyId { get; init; }

    public required string Institution { get; init; }

    public required string InstitutionAddress { get; init; }

    public required string ReferringPhysician { get; init; }

    public required string PerformingPhysician { get; init; }

    public required string Operator { get; init; }

    public required string StationName { get; init; }

    public required string DeviceSerialNumber { get; init; }

    public required double PatientWeightKg { get; init; }

    /// <summary>Hours between the baseline and the follow-up CT (a day, give or take).</summary>
    public required double FollowUpHours { get; init; }

    public DateTime FollowUpStart => StudyStart.AddHours(FollowUpHours);

    /// <summary>The DICOM age string (nnnY) at a date.</summary>
    public string AgeAt(DateTime date)
    {
        int years = date.Year - BirthDate.Year - (DateOnly.FromDateTime(date) < BirthDate.AddYears(date.Year - BirthDate.Year) ? 1 : 0);
        return years.ToString("000", CultureInfo.InvariantCulture) + "Y";
    }

    public static FakeIdentity Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        bool female = random.Chance(0.45);
        string given = random.Pick(female ? FemaleNames : MaleNames);
        string middle = random.Pick(female ? FemaleNames : MaleNames);
        string family = random.Pick(FamilyNames);
        var start = new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Unspecified)
            .AddDays(random.Next(0, 6 * 365))
            .AddMinutes(random.Next(0, 24 * 60))
            .AddSeconds(random.Next(0, 60));
        int age = (int)Math.Clamp(random.Normal(68, 12), 25, 98);
        var birth = DateOnly.FromDateTime(start).AddYears(-age).AddDays(-random.Next(0, 365));
        string hospital = random.Pick(Hospitals);
        return new FakeIdentity
        {
            PatientName = $"{family}^{given}^{middle[0]}",
            PatientId = "SYN" + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
            IssuerOfPatientId = hospital.Split(' ')[0] + "_MRN",
            BirthDate = birth,
            Sex = female ? "F" : "M",
            StudyStart = start,
            AccessionNumber = "A" + random.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture),
            FollowUpAccessionNumber = "A" + random.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture),
            StudyId = random.Next(1000, 99999).ToString(CultureInfo.InvariantCulture),
            Institution = hospital,
            InstitutionAddress = string.Create(CultureInfo.InvariantCulture, $"{random.Next(1, 400)} {random.Pick(Streets)}, {random.Pick(Cities)}"),
            ReferringPhysician = $"{random.Pick(FamilyNames)}^{random.Pick(MaleNames)}^^DR",
            PerformingPhysician = $"{random.Pick(FamilyNames)}^{random.Pick(FemaleNames)}^^DR",
            Operator = $"{random.Pick(FamilyNames)}^{random.Pick(random.Chance(0.5) ? FemaleNames : MaleNames)}",
            StationName = "CT" + random.Next(1, 9).ToString(CultureInfo.InvariantCulture) + "_" + hospital.Split(' ')[0],
            DeviceSerialNumber = random.Next(10_000, 99_999).ToString(CultureInfo.InvariantCulture),
            PatientWeightKg = Math.Round(random.Normal(female ? 68 : 82, 12), 1),
            FollowUpHours = Math.Round(random.Uniform(18, 30), 2),
        };
    }
}
