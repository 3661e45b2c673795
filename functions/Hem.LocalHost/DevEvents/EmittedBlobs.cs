namespace Hem.LocalHost.DevEvents;

/// <summary>
/// The blob versions whose BlobCreated event the intake has taken (or refused for good): blob name to ETag. A blob
/// whose listed ETag is the one here is not sent again.
/// </summary>
public sealed class EmittedBlobs
{
    private readonly SortedDictionary<string, string> _eTags;

    public EmittedBlobs()
        : this(new Dictionary<string, string>())
    {
    }

    public EmittedBlobs(IReadOnlyDictionary<string, string> eTags)
    {
        ArgumentNullException.ThrowIfNull(eTags);
        _eTags = new SortedDictionary<string, string>(eTags.ToDictionary(), StringComparer.Ordinal);
    }

    public int Count => _eTags.Count;

    public IReadOnlyDictionary<string, string> ETags => _eTags;

    public IEnumerable<string> Names => _eTags.Keys;

    public bool Holds(BlobVersion blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return _eTags.TryGetValue(blob.Name, out var eTag) && string.Equals(eTag, blob.ETag, StringComparison.Ordinal);
    }

    /// <summary>Applies changes in order: an ETag records a version, null forgets the name.</summary>
    public void Apply(IEnumerable<KeyValuePair<string, string?>> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var (name, eTag) in changes)
        {
            if (eTag is null)
            {
                _eTags.Remove(name);
            }
            else
            {
                _eTags[name] = eTag;
            }
        }
    }
}
