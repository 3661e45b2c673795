using System.Security.Cryptography;
using System.Text;

namespace Hem.LocalHost.DevEvents;

/// <summary>
/// Checks the key a publisher presents in <c>aeg-sas-key</c> against the topic's, in constant time: both are hashed
/// first, so neither the content nor the length of the key shows in how long a refusal takes.
/// </summary>
public sealed class TopicKeyCheck
{
    /// <summary>The header Event Grid reads a topic key from (what <c>AzureKeyCredential</c> sends).</summary>
    public const string HeaderName = "aeg-sas-key";

    private readonly byte[] _keyHash;

    public TopicKeyCheck(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _keyHash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    public bool Matches(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _keyHash);
    }
}
