namespace Hem.Dicom;

/// <summary>A value representation (PS3.5 section 6.2), identified by its two-letter code.</summary>
public readonly record struct DicomVR
{
    private readonly ushort _code;

    private DicomVR(ushort code) => _code = code;

    public static readonly DicomVR AE = Of("AE"), AS = Of("AS"), AT = Of("AT"), CS = Of("CS"), DA = Of("DA"),
        DS = Of("DS"), DT = Of("DT"), FL = Of("FL"), FD = Of("FD"), IS = Of("IS"), LO = Of("LO"), LT = Of("LT"),
        OB = Of("OB"), OD = Of("OD"), OF = Of("OF"), OL = Of("OL"), OV = Of("OV"), OW = Of("OW"), PN = Of("PN"),
        SH = Of("SH"), SL = Of("SL"), SQ = Of("SQ"), SS = Of("SS"), ST = Of("ST"), SV = Of("SV"), TM = Of("TM"),
        UC = Of("UC"), UI = Of("UI"), UL = Of("UL"), UN = Of("UN"), UR = Of("UR"), US = Of("US"), UT = Of("UT"),
        UV = Of("UV");

    /// <summary>No VR known (an implicit-VR element absent from the dictionary is read as UN).</summary>
    public static DicomVR None => default;

    public string Code => _code == 0 ? "??" : new string([(char)(_code >> 8), (char)(_code & 0xFF)]);

    /// <summary>Whether the two bytes are a VR this library knows.</summary>
    public static bool TryParse(byte first, byte second, out DicomVR vr)
    {
        vr = new DicomVR((ushort)((first << 8) | second));
        return vr.IsKnown;
    }

    public static DicomVR Parse(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length != 2 || !TryParse((byte)code[0], (byte)code[1], out var vr))
        {
            throw new FormatException($"'{code}' is not a DICOM VR");
        }

        return vr;
    }

    public bool IsKnown => Kind(_code) != VRKind.Unknown;

    /// <summary>Explicit VR encodings give these VRs a 2-byte reserved field and a 4-byte length (PS3.5 7.1.2).</summary>
    public bool HasLongLength => Kind(_code) == VRKind.LongLength;

    /// <summary>Text VRs whose bytes are decoded with the Specific Character Set.</summary>
    public bool IsSpecificCharacterSetText => this == LO || this == LT || this == PN || this == SH || this == ST
        || this == UC || this == UT;

    /// <summary>Text VRs in general (default character repertoire or specific character set).</summary>
    public bool IsText => IsSpecificCharacterSetText || this == AE || this == AS || this == CS || this == DA
        || this == DS || this == DT || this == IS || this == TM || this == UI || this == UR;

    /// <summary>The padding byte for an odd-length value: NUL for UI and binary VRs, space for text.</summary>
    public byte PaddingByte => this == UI || !IsText ? (byte)0 : (byte)' ';

    /// <summary>Bytes per numeric value, for byte swapping between endiannesses; 1 where no swap applies.</summary>
    public int SwapUnit => this == US || this == SS || this == OW || this == AT ? 2
        : this == UL || this == SL || this == FL || this == OF || this == OL ? 4
        : this == FD || this == OD || this == SV || this == UV || this == OV ? 8
        : 1;

    public override string ToString() => Code;

    private static DicomVR Of(string code) => new((ushort)((code[0] << 8) | code[1]));

    private enum VRKind
    {
        Unknown,
        ShortLength,
        LongLength,
    }

    // A switch on the packed code: this runs for every element read, so it must not compare VR by VR.
    private static VRKind Kind(ushort code) => code switch
    {
        0x4145 or 0x4153 or 0x4154 or 0x4353 or 0x4441 or 0x4453 or 0x4454 or 0x464C or 0x4644 or 0x4953 or 0x4C4F
            or 0x4C54 or 0x504E or 0x5348 or 0x534C or 0x5353 or 0x5354 or 0x544D or 0x5549 or 0x554C or 0x5553 => VRKind.ShortLength,
        0x4F42 or 0x4F44 or 0x4F46 or 0x4F4C or 0x4F56 or 0x4F57 or 0x5351 or 0x5543 or 0x554E or 0x5552 or 0x5554
            or 0x5356 or 0x5556 => VRKind.LongLength,
        _ => VRKind.Unknown,
    };
}
