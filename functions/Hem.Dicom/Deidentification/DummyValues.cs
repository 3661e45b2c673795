using System.Text;

namespace Hem.Dicom.Deidentification;

/// <summary>
/// The D action's replacement values: valid for their VR, identical everywhere, and recognisable by the audit.
/// Text is "ANONYMIZED" (fits SH, AE and CS limits and CS's character set); DA and DT 19000101, the conventional
/// placeholder date; TM 000000.00; AS 000Y; IS and DS 0; binary values keep their length and become zeros (so VM
/// stays what it was). UI values are not dummies: they are replaced by keyed UIDs (<see cref="UidReplacer"/>).
/// </summary>
public static class DummyValues
{
    public const string Text = "ANONYMIZED";
    public const string Date = "19000101";
    public const string Time = "000000.00";
    public const string Age = "000Y";
    public const string Number = "0";

    /// <summary>The dummy value for an element of this VR whose current value has this many bytes.</summary>
    public static byte[] For(DicomVR vr, int currentLength)
    {
        if (vr == DicomVR.DA || vr == DicomVR.DT)
        {
            return Ascii(Date);
        }

        if (vr == DicomVR.TM)
        {
            return Ascii(Time);
        }

        if (vr == DicomVR.AS)
        {
            return Ascii(Age);
        }

        if (vr == DicomVR.IS || vr == DicomVR.DS)
        {
            return Ascii(Number);
        }

        if (vr == DicomVR.UR || vr == DicomVR.UI)
        {
            // A URL has no harmless stand-in; UIDs are replaced elsewhere. Both empty here.
            return [];
        }

        return vr.IsText ? Ascii(Text) : new byte[currentLength];
    }

    /// <summary>Whether a value (bytes as stored) is one of the dummies above, for this VR.</summary>
    public static bool IsDummy(DicomVR vr, ReadOnlySpan<byte> bytes)
    {
        if (!vr.IsText || vr == DicomVR.UI)
        {
            return !vr.IsText && !bytes.ContainsAnyExcept((byte)0);
        }

        string text = Encoding.ASCII.GetString(bytes).Trim('\0', ' ');
        return text.Split('\\').All(value =>
            string.Equals(value, Text, StringComparison.Ordinal)
            || (vr == DicomVR.DA && string.Equals(value, Date, StringComparison.Ordinal))
            || (vr == DicomVR.DT && string.Equals(value, Date, StringComparison.Ordinal))
            || (vr == DicomVR.TM && string.Equals(value, Time, StringComparison.Ordinal))
            || (vr == DicomVR.AS && string.Equals(value, Age, StringComparison.Ordinal))
            || ((vr == DicomVR.IS || vr == DicomVR.DS) && string.Equals(value, Number, StringComparison.Ordinal)));
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
