namespace Hem.Dicom.Validation;

/// <summary>Objects of one series whose header was read but which could not become slices.</summary>
internal sealed class ObjectProblems
{
    public int Corrupt { get; private set; }

    public int Unsupported { get; private set; }

    /// <summary>The first unsupported encoding's message (it names a transfer syntax or bit depth, no values).</summary>
    public string? UnsupportedDetail { get; private set; }

    public int Count => Corrupt + Unsupported;

    public void AddCorrupt() => Corrupt++;

    public void AddUnsupported(string detail)
    {
        Unsupported++;
        UnsupportedDetail ??= detail;
    }
}
