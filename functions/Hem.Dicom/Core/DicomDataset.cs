using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Hem.Dicom;

/// <summary>
/// An ordered set of data elements: a file's dataset, its meta information, or a sequence item. Text values are
/// decoded with this dataset's character set, inherited from the enclosing dataset when it names none.
/// </summary>
public sealed class DicomDataset
{
    private static readonly DicomTag SpecificCharacterSetTag = new(0x0008, 0x0005);
    // Elements arrive in tag order when read, so a sorted list appends in O(1) and looks up by binary search.
    private readonly SortedList<DicomTag, DicomElement> _elements = [];
    private readonly DicomDataset? _parent;

    public DicomDataset(DicomDataset? parent = null) => _parent = parent;

    public int Count => _elements.Count;

    public IEnumerable<DicomElement> Elements => _elements.Values;

    public DicomCharacterSet CharacterSet =>
        TryGetElement(SpecificCharacterSetTag, out var element) && element is DicomValueElement value
            ? DicomCharacterSet.FromTerms(SplitValues(Encoding.Latin1.GetString(value.Bytes.Span)))
            : _parent?.CharacterSet ?? DicomCharacterSet.Default;

    public bool Contains(DicomTag tag) => _elements.ContainsKey(tag);

    /// <summary>The elements of one group, in tag order, found by binary search rather than a scan.</summary>
    public IEnumerable<DicomElement> GetGroup(ushort group)
    {
        var keys = _elements.Keys;
        int low = 0, high = keys.Count;
        var first = new DicomTag(group, 0);
        while (low < high)
        {
            int mid = (low + high) / 2;
            if (keys[mid] < first)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        for (int i = low; i < keys.Count && keys[i].Group == group; i++)
        {
            yield return _elements.Values[i];
        }
    }

    public bool TryGetElement(DicomTag tag, [NotNullWhen(true)] out DicomElement? element) => _elements.TryGetValue(tag, out element);

    public DicomElement? this[DicomTag tag] => _elements.GetValueOrDefault(tag);

    /// <summary>Adds or replaces an element.</summary>
    public void Set(DicomElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        _elements[element.Tag] = element;
    }

    /// <summary>Adds an element unless one with its tag is present; returns whether it was added.</summary>
    public bool TryAdd(DicomElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return _elements.TryAdd(element.Tag, element);
    }

    public bool Remove(DicomTag tag) => _elements.Remove(tag);

    public void SetString(DicomTag tag, DicomVR vr, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        byte[] bytes = vr.IsSpecificCharacterSetText ? CharacterSet.Encode(value) : Encoding.ASCII.GetBytes(value);
        Set(new DicomValueElement(tag, vr, bytes));
    }

    public void SetUInt16(DicomTag tag, ushort value)
    {
        byte[] bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        Set(new DicomValueElement(tag, DicomVR.US, bytes));
    }

    /// <summary>The whole text value with trailing padding removed (multiple values stay backslash-joined).</summary>
    public string? GetString(DicomTag tag)
    {
        if (!TryGetElement(tag, out var element) || element is not DicomValueElement value)
        {
            return null;
        }

        var encoding = value.VR.IsSpecificCharacterSetText ? CharacterSet : DicomCharacterSet.Default;
        return encoding.Decode(value.Bytes.Span).TrimEnd('\0', ' ');
    }

    /// <summary>The values of a multi-valued text element, each trimmed.</summary>
    public IReadOnlyList<string> GetStrings(DicomTag tag) => GetString(tag) is { } text ? SplitValues(text) : [];

    public DicomSequence? GetSequence(DicomTag tag) => this[tag] as DicomSequence;

    /// <summary>An integer value: binary (US, SS, UL, SL) or text (IS). Null when absent or unreadable.</summary>
    public long? GetInteger(DicomTag tag, int index = 0)
    {
        if (!TryGetElement(tag, out var element) || element is not DicomValueElement value)
        {
            return null;
        }

        var span = value.Bytes.Span;
        var vr = value.VR;
        if (vr == DicomVR.US || (vr == DicomVR.OW && span.Length >= 2))
        {
            return (index + 1) * 2 <= span.Length ? BinaryPrimitives.ReadUInt16LittleEndian(span[(index * 2)..]) : null;
        }

        if (vr == DicomVR.SS)
        {
            return (index + 1) * 2 <= span.Length ? BinaryPrimitives.ReadInt16LittleEndian(span[(index * 2)..]) : null;
        }

        if (vr == DicomVR.UL)
        {
            return (index + 1) * 4 <= span.Length ? BinaryPrimitives.ReadUInt32LittleEndian(span[(index * 4)..]) : null;
        }

        if (vr == DicomVR.SL)
        {
            return (index + 1) * 4 <= span.Length ? BinaryPrimitives.ReadInt32LittleEndian(span[(index * 4)..]) : null;
        }

        if (vr == DicomVR.UN && span.Length == 2)
        {
            // A US element read as UN (implicit VR, not in the dictionary) is still two bytes.
            return BinaryPrimitives.ReadUInt16LittleEndian(span);
        }

        var values = GetStrings(tag);
        return index < values.Count && long.TryParse(values[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) ? parsed : null;
    }

    /// <summary>Decimal values: text (DS, IS) or binary floats (FL, FD).</summary>
    public double[] GetDoubles(DicomTag tag)
    {
        if (!TryGetElement(tag, out var element) || element is not DicomValueElement value)
        {
            return [];
        }

        var span = value.Bytes.Span;
        if (value.VR == DicomVR.FD)
        {
            var doubles = new double[span.Length / 8];
            for (int i = 0; i < doubles.Length; i++)
            {
                doubles[i] = BinaryPrimitives.ReadDoubleLittleEndian(span[(i * 8)..]);
            }

            return doubles;
        }

        if (value.VR == DicomVR.FL)
        {
            var result = new double[span.Length / 4];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(i * 4)..]);
            }

            return result;
        }

        var texts = GetStrings(tag);
        var numbers = new double[texts.Count];
        for (int i = 0; i < texts.Count; i++)
        {
            if (!double.TryParse(texts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]))
            {
                throw new DicomFormatException($"element {tag} holds a value that is not a decimal number");
            }
        }

        return numbers;
    }

    public double? GetDouble(DicomTag tag, int index = 0)
    {
        var values = GetDoubles(tag);
        return index < values.Length ? values[index] : null;
    }

    internal static IReadOnlyList<string> SplitValues(string text) =>
        text.Length == 0 ? [] : text.Split('\\').Select(v => v.Trim('\0', ' ')).ToArray();
}
