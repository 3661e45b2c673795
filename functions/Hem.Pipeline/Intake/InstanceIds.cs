using System.Security.Cryptography;
using System.Text;

namespace Hem.Pipeline.Intake;

/// <summary>
/// The orchestration instance id of a study: derived from the blob and its version, so that Event Grid's at-least-once
/// delivery (a redelivery, a duplicate) names an instance that already exists and starts nothing new, while a changed
/// blob (a new ETag) is a new instance and runs again.
/// </summary>
/// <remarks>
/// <para>The id is <c>study-</c> and the lowercase hex of the first 16 bytes of SHA-256 over the UTF-8 of
/// <c>{normalised URL}\n{ETag}</c>: 38 characters of <c>[a-z0-9-]</c>, safe in a URL and a Durable instance id, and
/// naming neither the blob nor the patient.</para>
/// <para>The normalised URL (<see cref="NormaliseBlobUrl"/>) is scheme, host and port (as <see cref="Uri"/> gives
/// them: lowercase, the port only when not the scheme's default) and the percent-decoded path. The query (a SAS token
/// differs per reader and expires) and the fragment are dropped; the path keeps its case, as blob names do. So
/// <c>https://Acct.blob.core.windows.net/incoming/a%20b.zip?sv=...</c> and
/// <c>https://acct.blob.core.windows.net/incoming/a b.zip</c> are the same blob.</para>
/// <para>The ETag loses surrounding whitespace and one pair of double quotes: Azure's documented BlobCreated samples
/// show both <c>"\"0x8D…\""</c> and <c>"0x8D…"</c> for the same kind of value. An ETag holds no line break
/// (RFC 9110 entity-tag characters), so the pair is read back unambiguously from the hashed text.</para>
/// </remarks>
public static class InstanceIds
{
    public const string Prefix = "study-";

    public static string For(Uri blobUrl, string eTag)
    {
        string text = NormaliseBlobUrl(blobUrl) + "\n" + NormaliseETag(eTag);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return Prefix + Convert.ToHexStringLower(digest[..16]);
    }

    /// <summary>Scheme, host, port when not the default, and the percent-decoded path; no query, no fragment.</summary>
    public static string NormaliseBlobUrl(Uri blobUrl)
    {
        ArgumentNullException.ThrowIfNull(blobUrl);
        if (!blobUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("a blob URL is absolute", nameof(blobUrl));
        }

        string port = blobUrl.IsDefaultPort ? "" : ":" + blobUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return blobUrl.Scheme + "://" + blobUrl.Host + port + Uri.UnescapeDataString(blobUrl.AbsolutePath);
    }

    /// <summary>The ETag without surrounding whitespace and quotes.</summary>
    public static string NormaliseETag(string eTag)
    {
        ArgumentNullException.ThrowIfNull(eTag);
        string trimmed = eTag.Trim();
        if (trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"')
        {
            trimmed = trimmed[1..^1];
        }

        return trimmed.Length > 0 ? trimmed : throw new ArgumentException("an ETag is not blank", nameof(eTag));
    }
}
