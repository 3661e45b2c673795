using System.Text;
using Hem.Dicom.Deidentification;

namespace Hem.Dicom.Tests.Deidentification;

public sealed class KeyedDerivationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hem-deid-key-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_UID_maps_to_the_same_valid_2_25_UID_every_time_and_differently_under_another_key()
    {
        var replacer = new UidReplacer(TestKeys.Deployment);
        string uid = "1.3.12.2.1107.5.1.4.12345.30000020010112345678900000001";

        string replaced = replacer.Replace(uid);

        Assert.StartsWith("2.25.", replaced, StringComparison.Ordinal);
        Assert.True(DicomUid.IsValid(replaced));
        Assert.Equal(replaced, replacer.Replace(uid));
        Assert.Equal(replaced, replacer.Replace(uid + "\0"));
        Assert.NotEqual(replaced, replacer.Replace(uid + "1"));
        Assert.NotEqual(replaced, new UidReplacer(TestKeys.Other).Replace(uid));
        Assert.Equal(string.Empty, replacer.Replace(string.Empty));
        Assert.Equal(replacer.Replace("1.2.3") + "\\" + replacer.Replace("1.2.4"), replacer.ReplaceAll("1.2.3\\1.2.4"));
    }

    [Fact]
    public void The_study_key_is_32_lower_case_hex_digits_and_unrelated_to_the_study_UID_replacement()
    {
        var key = StudyKey.Derive(TestKeys.Deployment, "1.2.840.113619.2.55.3.1234");

        Assert.Equal(StudyKey.Length, key.Value.Length);
        Assert.True(StudyKey.IsWellFormed(key.Value));
        Assert.Equal(key, StudyKey.Derive(TestKeys.Deployment, "1.2.840.113619.2.55.3.1234"));
        Assert.NotEqual(key, StudyKey.Derive(TestKeys.Other, "1.2.840.113619.2.55.3.1234"));
        Assert.Equal(key, StudyKey.Parse(key.Value));
        Assert.Throws<FormatException>(() => StudyKey.Parse("../etc"));
        string replacedUid = new UidReplacer(TestKeys.Deployment).Replace("1.2.840.113619.2.55.3.1234");
        Assert.DoesNotContain(key.Value, Convert.ToHexStringLower(System.Numerics.BigInteger.Parse(replacedUid[5..], System.Globalization.CultureInfo.InvariantCulture).ToByteArray(isUnsigned: true, isBigEndian: true)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_pseudonym_links_studies_of_one_patient_and_never_merges_patients_without_an_ID()
    {
        var one = DateShiftTests.Study("PAT-1", "1.2.3.1", "20200101", "20200101");
        var two = DateShiftTests.Study("PAT-1", "1.2.3.2", "20200101", "20200101");
        var other = DateShiftTests.Study("PAT-2", "1.2.3.3", "20200101", "20200101");
        string p1 = PatientPseudonym.Derive(TestKeys.Deployment, PatientLinkage.Of(one));

        Assert.Matches("^HEM-[0-9a-f]{12}$", p1);
        Assert.True(PatientPseudonym.IsPseudonym(p1));
        Assert.Equal(p1, PatientPseudonym.Derive(TestKeys.Deployment, PatientLinkage.Of(two)));
        Assert.NotEqual(p1, PatientPseudonym.Derive(TestKeys.Deployment, PatientLinkage.Of(other)));

        var noIdA = DateShiftTests.Study(string.Empty, "1.2.3.4", "20200101", "20200101");
        var noIdB = DateShiftTests.Study(string.Empty, "1.2.3.5", "20200101", "20200101");
        Assert.False(PatientLinkage.Of(noIdA).ByPatientId);
        Assert.NotEqual(PatientPseudonym.Derive(TestKeys.Deployment, PatientLinkage.Of(noIdA)), PatientPseudonym.Derive(TestKeys.Deployment, PatientLinkage.Of(noIdB)));
    }

    [Fact]
    public async Task A_key_shorter_than_32_bytes_is_refused_without_showing_it()
    {
        string path = Path.Combine(_folder, "short.key");
        await File.WriteAllTextAsync(path, "SECRET-31-BYTES-SECRET-31-BYTES", TestContext.Current.CancellationToken);

        var ex = await Assert.ThrowsAsync<DeidentificationKeyException>(() => DeidentificationKey.FromFileAsync(path, TestContext.Current.CancellationToken));

        Assert.Equal("the key holds 31 bytes; at least 32 bytes of secret are required", ex.Message);
        Assert.DoesNotContain("SECRET", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_file_of_32_bytes_or_more_is_accepted_and_never_printed()
    {
        string path = Path.Combine(_folder, "good.key");
        await File.WriteAllTextAsync(path, "SECRET-32-BYTES-SECRET-32-BYTES!", TestContext.Current.CancellationToken);

        var key = await DeidentificationKey.FromFileAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal("DeidentificationKey(redacted)", key.ToString());
        Assert.Equal(DeidentificationKey.FromBytes(Encoding.ASCII.GetBytes("SECRET-32-BYTES-SECRET-32-BYTES!")).Hash("x"), key.Hash("x"));
        await Assert.ThrowsAsync<DeidentificationKeyException>(() => DeidentificationKey.FromFileAsync(Path.Combine(_folder, "missing.key"), TestContext.Current.CancellationToken));
    }
}
