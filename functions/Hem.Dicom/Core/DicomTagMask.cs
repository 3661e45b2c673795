namespace Hem.Dicom;

/// <summary>
/// A repeating-group tag pattern such as 60xx3000 (overlays) or (50XX,XXXX) (curves): each x is a free hex digit.
/// PS3.6 and PS3.15 both list attributes this way.
/// </summary>
public readonly record struct DicomTagMask(uint Mask, uint Value)
{
    public bool Matches(DicomTag tag) => (tag.Value & Mask) == Value;

    /// <summary>Parses "60xx3000" or "(50XX,XXXX)"; x and X are free digits.</summary>
    public static bool TryParse(string text, out DicomTagMask mask)
    {
        ArgumentNullException.ThrowIfNull(text);
        mask = default;
        string digits = text.Replace("(", "", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        if (digits.Length != 8)
        {
            return false;
        }

        uint bits = 0, value = 0;
        foreach (char c in digits)
        {
            bits <<= 4;
            value <<= 4;
            if (c is 'x' or 'X')
            {
                continue;
            }

            int digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'A' and <= 'F' => c - 'A' + 10,
                >= 'a' and <= 'f' => c - 'a' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            bits |= 0xF;
            value |= (uint)digit;
        }

        mask = new DicomTagMask(bits, value);
        return true;
    }
}
