using System.Text;

namespace Hem.Dicom;

/// <summary>
/// Decodes text values per Specific Character Set (0008,0005), PS3.3 C.12.1.1.2. Single-byte and UTF-8 sets are
/// supported; ISO 2022 code extensions are read with the first set's encoding (escape sequences are dropped), which
/// is exact for the single-byte ISO 2022 terms and lossy only for multi-byte Asian sets this project does not meet.
/// </summary>
public sealed class DicomCharacterSet
{
    private static readonly Encoding Ascii = Encoding.Latin1; // Default repertoire; Latin-1 keeps stray 8-bit bytes readable.

    public static DicomCharacterSet Default { get; } = new([], Ascii);

    private DicomCharacterSet(IReadOnlyList<string> terms, Encoding encoding)
    {
        Terms = terms;
        Encoding = encoding;
    }

    public IReadOnlyList<string> Terms { get; }

    public Encoding Encoding { get; }

    public static DicomCharacterSet FromTerms(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        string first = terms.Count > 0 ? terms[0].Trim() : string.Empty;
        if (first.Length == 0 && terms.Count > 1)
        {
            // "\ISO 2022 IR 100": the first value empty means the default repertoire, extended by the next.
            first = terms[1].Trim();
        }

        return new DicomCharacterSet(terms, EncodingFor(first));
    }

    public string Decode(ReadOnlySpan<byte> bytes) => Encoding.GetString(StripEscapes(bytes));

    public byte[] Encode(string text) => Encoding.GetBytes(text);

    private static Encoding EncodingFor(string term) => term switch
    {
        "" or "ISO_IR 6" or "ISO 2022 IR 6" => Ascii,
        "ISO_IR 100" or "ISO 2022 IR 100" => Encoding.Latin1,
        "ISO_IR 192" => new UTF8Encoding(false, false),
        "GB18030" => CodePage(54936),
        "GBK" => CodePage(936),
        "ISO_IR 101" or "ISO 2022 IR 101" => CodePage(28592),
        "ISO_IR 109" or "ISO 2022 IR 109" => CodePage(28593),
        "ISO_IR 110" or "ISO 2022 IR 110" => CodePage(28594),
        "ISO_IR 144" or "ISO 2022 IR 144" => CodePage(28595),
        "ISO_IR 127" or "ISO 2022 IR 127" => CodePage(28596),
        "ISO_IR 126" or "ISO 2022 IR 126" => CodePage(28597),
        "ISO_IR 138" or "ISO 2022 IR 138" => CodePage(28598),
        "ISO_IR 148" or "ISO 2022 IR 148" => CodePage(28599),
        "ISO_IR 203" or "ISO 2022 IR 203" => CodePage(28605),
        "ISO_IR 166" or "ISO 2022 IR 166" => CodePage(874),
        "ISO_IR 13" or "ISO 2022 IR 13" => CodePage(932),
        "ISO 2022 IR 87" or "ISO 2022 IR 159" => CodePage(50220),
        "ISO 2022 IR 149" => CodePage(949),
        "ISO 2022 IR 58" => CodePage(936),
        _ => Encoding.Latin1, // An unknown term: Latin-1 never fails and keeps bytes one-to-one.
    };

    private static Encoding CodePage(int codePage) =>
        CodePagesEncodingProvider.Instance.GetEncoding(codePage) ?? Encoding.Latin1;

    private static ReadOnlySpan<byte> StripEscapes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOf((byte)0x1B) < 0)
        {
            return bytes;
        }

        // Drop ISO 2022 escape sequences (ESC, intermediate bytes 0x20-0x2F, one final byte).
        var kept = new List<byte>(bytes.Length);
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != 0x1B)
            {
                kept.Add(bytes[i]);
                continue;
            }

            i++;
            while (i < bytes.Length && bytes[i] is >= 0x20 and <= 0x2F)
            {
                i++;
            }
        }

        return kept.ToArray();
    }
}
