using System.Security.Cryptography;
using System.Text;

namespace Hem.Pipeline.Events;

/// <summary>
/// Event ids that make re-publishing idempotent: the same orchestration instance and event type always give the
/// same id (a replayed or retried publish is a duplicate subscribers can drop), a new run (a new instance) a new one.
/// </summary>
public static class ResultEventIds
{
    public static string For(string instanceId, string type)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(type);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(instanceId + "\n" + type));
        return new Guid(hash.AsSpan(0, 16)).ToString("D");
    }
}
