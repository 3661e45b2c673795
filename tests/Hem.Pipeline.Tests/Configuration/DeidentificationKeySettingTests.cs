using Hem.Dicom.Deidentification;
using Hem.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;

namespace Hem.Pipeline.Tests.Configuration;

public sealed class DeidentificationKeySettingTests
{
    private static IConfiguration With(string? value) =>
        new ConfigurationBuilder().AddInMemoryCollection([new(SettingNames.DeidentificationKey, value)]).Build();

    [Fact]
    public void Base64_of_32_bytes_is_a_key_that_hashes_like_the_same_bytes()
    {
        byte[] secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

        var key = DeidentificationKeySetting.FromConfiguration(With(Convert.ToBase64String(secret)));

        Assert.Equal(DeidentificationKey.FromBytes(secret).Hash("x"), key.Hash("x"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==")] // 31 bytes
    public void A_missing_malformed_or_short_setting_is_refused_without_echoing_it(string? value)
    {
        var ex = Assert.Throws<DeidentificationKeyException>(() => DeidentificationKeySetting.FromConfiguration(With(value)));

        if (!string.IsNullOrEmpty(value))
        {
            Assert.DoesNotContain(value, ex.Message, StringComparison.Ordinal);
        }
    }
}
