using System.Security.Cryptography;
using System.Text;

namespace Hem.Dicom.Deidentification;

/// <summary>
/// A deployment's secret for keyed pseudonyms: UIDs, the study key, the patient pseudonym and the date shift are all
/// HMAC-SHA256 of this key over the original value, so they are stable within a deployment and unlinkable across
/// deployments. The key is never printed: <see cref="ToString"/> is redacted and messages name the file, not bytes.
/// </summary>
public sealed class DeidentificationKey
{
    /// <summary>HMAC-SHA256's block-sized key floor recommended for a secret of full strength.</summary>
    public const int MinimumBytes = 32;

    /// <summary>A key file is a few bytes; anything this large is not one.</summary>
    private const long MaximumFileBytes = 1 << 16;

    private readonly byte[] _secret;

    private DeidentificationKey(byte[] secret) => _secret = secret;

    /// <summary>A key from raw bytes; refused when shorter than <see cref="MinimumBytes"/>.</summary>
    public static DeidentificationKey FromBytes(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < MinimumBytes)
        {
            throw new DeidentificationKeyException($"the key holds {secret.Length} bytes; at least {MinimumBytes} bytes of secret are required");
        }

        return new DeidentificationKey(secret.ToArray());
    }

    /// <summary>
    /// Reads a key file. Its bytes are the key exactly as stored (a trailing newline counts), so the same file gives
    /// the same pseudonyms on every machine.
    /// </summary>
    public static async Task<DeidentificationKey> FromFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new DeidentificationKeyException("the key file does not exist");
        }

        if (new FileInfo(path).Length > MaximumFileBytes)
        {
            throw new DeidentificationKeyException($"the key file is larger than {MaximumFileBytes} bytes; it is not a key");
        }

        byte[] bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        try
        {
            return FromBytes(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>HMAC-SHA256 of the UTF-8 text under this key.</summary>
    public byte[] Hash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(text));
    }

    public override string ToString() => "DeidentificationKey(redacted)";
}

/// <summary>A key that cannot be used; the message names the problem, never key bytes.</summary>
public sealed class DeidentificationKeyException : Exception
{
    public DeidentificationKeyException()
    {
    }

    public DeidentificationKeyException(string message)
        : base(message)
    {
    }

    public DeidentificationKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
