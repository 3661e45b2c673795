using System.Text.RegularExpressions;
using Hem.Pipeline.Intake;

namespace Hem.Pipeline.Tests.Intake;

public sealed partial class InstanceIdsTests
{
    private static readonly Uri Blob = new("https://examplestorage.blob.core.windows.net/incoming/ward%203/study.zip");

    [Fact]
    public void The_same_blob_and_etag_give_the_same_id()
    {
        Assert.Equal(InstanceIds.For(Blob, "0x8D4BCC2E4835CD0"), InstanceIds.For(new Uri(Blob.ToString()), "0x8D4BCC2E4835CD0"));
    }

    [Fact]
    public void A_new_etag_gives_a_new_id()
    {
        Assert.NotEqual(InstanceIds.For(Blob, "0x8D4BCC2E4835CD0"), InstanceIds.For(Blob, "0x8D4BCC2E4835CD1"));
    }

    [Theory]
    [InlineData("https://examplestorage.blob.core.windows.net/incoming/ward%203/study.zip?sv=2022-11-02&sr=b&sig=c2VjcmV0")]
    [InlineData("https://examplestorage.blob.core.windows.net/incoming/ward 3/study.zip")]
    [InlineData("HTTPS://ExampleStorage.Blob.Core.Windows.Net/incoming/ward%203/study.zip")]
    [InlineData("https://examplestorage.blob.core.windows.net:443/incoming/ward%203/study.zip#fragment")]
    [InlineData("https://examplestorage.blob.core.windows.net/incoming/ward%203/%73tudy.zip")]
    public void The_query_the_fragment_the_host_case_and_the_percent_encoding_do_not_change_the_id(string sameBlob)
    {
        Assert.Equal(InstanceIds.For(Blob, "0x8D4BCC2E4835CD0"), InstanceIds.For(new Uri(sameBlob), "0x8D4BCC2E4835CD0"));
    }

    [Theory]
    [InlineData("https://examplestorage.blob.core.windows.net/incoming/ward%203/Study.zip")]
    [InlineData("https://otherstorage.blob.core.windows.net/incoming/ward%203/study.zip")]
    [InlineData("https://examplestorage.blob.core.windows.net/uploads/ward%203/study.zip")]
    [InlineData("http://examplestorage.blob.core.windows.net/incoming/ward%203/study.zip")]
    [InlineData("https://examplestorage.blob.core.windows.net:10000/incoming/ward%203/study.zip")]
    public void Another_blob_gives_another_id(string otherBlob)
    {
        Assert.NotEqual(InstanceIds.For(Blob, "0x8D4BCC2E4835CD0"), InstanceIds.For(new Uri(otherBlob), "0x8D4BCC2E4835CD0"));
    }

    [Fact]
    public void Quotes_and_whitespace_around_the_etag_do_not_change_the_id()
    {
        Assert.Equal(InstanceIds.For(Blob, "0x8D4BCC2E4835CD0"), InstanceIds.For(Blob, " \"0x8D4BCC2E4835CD0\" "));
    }

    [Fact]
    public void The_id_is_the_prefix_and_32_lowercase_hex_digits_of_sha256()
    {
        string id = InstanceIds.For(Blob, "0x8D4BCC2E4835CD0");

        Assert.Matches(IdPattern(), id);
        // Recomputed from the documented normalisation: scheme://host + decoded path, a line feed, the bare ETag.
        byte[] digest = System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes("https://examplestorage.blob.core.windows.net/incoming/ward 3/study.zip\n0x8D4BCC2E4835CD0"));
        Assert.Equal("study-" + Convert.ToHexStringLower(digest.AsSpan(0, 16)), id);
    }

    [Fact]
    public void The_normalised_url_keeps_a_non_default_port_and_drops_the_query()
    {
        Assert.Equal(
            "http://127.0.0.1:10000/devstoreaccount1/incoming/ward 3/_READY",
            InstanceIds.NormaliseBlobUrl(new Uri("http://127.0.0.1:10000/devstoreaccount1/incoming/ward%203/_READY?sv=x")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("\"\"")]
    public void A_blank_etag_is_refused(string eTag)
    {
        Assert.Throws<ArgumentException>(() => InstanceIds.For(Blob, eTag));
    }

    [Fact]
    public void A_relative_url_is_refused()
    {
        Assert.Throws<ArgumentException>(() => InstanceIds.For(new Uri("incoming/study.zip", UriKind.Relative), "0x1"));
    }

    [GeneratedRegex("^study-[0-9a-f]{32}$")]
    private static partial Regex IdPattern();
}
