using System.Security.Cryptography;
using System.Text;

namespace Hem.LocalHost.DevEvents;

/// <summary>
/// GUID-shaped ids derived from text: the first 16 bytes of SHA-256 over the UTF-8 of the parts joined by line breaks.
/// The same blob version always gets the same event id, as a redelivered Event Grid event keeps its id.
/// </summary>
internal static class DerivedIds
{
    public static string For(params string[] parts)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts)), digest);
        return new Guid(digest[..16]).ToString("D");
    }
}
