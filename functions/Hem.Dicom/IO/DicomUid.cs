using System.Numerics;
using System.Security.Cryptography;

namespace Hem.Dicom;

/// <summary>UIDs this project creates: <c>2.25.</c> followed by a 128-bit number (PS3.5 B.2).</summary>
public static class DicomUid
{
    /// <summary>This implementation's class UID (a 2.25 UUID-derived root, fixed for the project).</summary>
    public const string ImplementationClassUid = "2.25.254781593451224011409437392702658392066";

    public const string ImplementationVersionName = "HEMFUNCTIONS_01";

    /// <summary>A new random UID.</summary>
    public static string Generate() => FromBytes(RandomNumberGenerator.GetBytes(16));

    /// <summary>A UID from 16 bytes (for example a keyed hash), so the same bytes always give the same UID.</summary>
    public static string FromBytes(ReadOnlySpan<byte> sixteenBytes)
    {
        if (sixteenBytes.Length != 16)
        {
            throw new ArgumentException("a 2.25 UID needs exactly 16 bytes", nameof(sixteenBytes));
        }

        var value = new BigInteger(sixteenBytes, isUnsigned: true, isBigEndian: true);
        return "2.25." + value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whether the text is a syntactically valid UID (PS3.5 9.1): digits and dots, no leading zeros, at most 64 chars.</summary>
    public static bool IsValid(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        if (uid.Length is 0 or > 64)
        {
            return false;
        }

        foreach (string component in uid.Split('.'))
        {
            if (component.Length == 0 || !component.All(char.IsAsciiDigit) || (component.Length > 1 && component[0] == '0'))
            {
                return false;
            }
        }

        return true;
    }
}
