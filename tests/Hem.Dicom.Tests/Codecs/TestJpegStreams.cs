namespace Hem.Dicom.Tests.Codecs;

/// <summary>
/// Writes small JPEG codestreams by hand for unit tests: lossless (SOF3) with any predictor, point transform and
/// restart interval, and DCT frames whose blocks hold only a DC coefficient (every decoder reconstructs those
/// exactly, so the expected pixels need no reference IDCT).
/// </summary>
internal static class TestJpegStreams
{
    /// <summary>
    /// Lossless JPEG of <paramref name="samples"/> (interleaved by component, values below 2^precision), one
    /// interleaved scan. The Huffman table gives every difference category 0-16 a 5-bit code equal to the category.
    /// </summary>
    public static byte[] Lossless(int[] samples, int width, int height, int components, int precision, int predictor, int pointTransform = 0, int restartInterval = 0)
    {
        var output = new List<byte>();
        Marker(output, 0xD8);
        Segment(output, 0xC3, FrameHeader(precision, width, height, components, 0x11));
        byte[] dht = new byte[1 + 16 + 17];
        dht[0] = 0x00;
        dht[5] = 17; // 17 codes of length 5
        for (int i = 0; i < 17; i++)
        {
            dht[17 + i] = (byte)i;
        }

        Segment(output, 0xC4, dht);
        if (restartInterval > 0)
        {
            Segment(output, 0xDD, [(byte)(restartInterval >> 8), (byte)restartInterval]);
        }

        Segment(output, 0xDA, ScanHeader(components, predictor, 0, pointTransform));
        var bits = new BitWriter(output);
        int[] reduced = [.. samples.Select(v => v >> pointTransform)];
        int initial = 1 << (precision - pointTransform - 1);
        int linesPerRestart = restartInterval > 0 ? restartInterval / width : int.MaxValue;
        int restarts = 0;
        for (int y = 0; y < height; y++)
        {
            bool firstLine = y == 0;
            if (y > 0 && y % linesPerRestart == 0)
            {
                bits.Flush();
                Marker(output, (byte)(0xD0 + (restarts++ & 7)));
                firstLine = true;
            }

            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < components; c++)
                {
                    int at = (((y * width) + x) * components) + c;
                    int a = x > 0 ? reduced[at - components] : 0;
                    int b = y > 0 ? reduced[at - (width * components)] : 0;
                    int cc = x > 0 && y > 0 ? reduced[at - (width * components) - components] : 0;
                    int prediction = x == 0 ? (firstLine ? initial : b)
                        : firstLine ? a
                        : predictor switch
                        {
                            1 => a,
                            2 => b,
                            3 => cc,
                            4 => a + b - cc,
                            5 => a + ((b - cc) >> 1),
                            6 => b + ((a - cc) >> 1),
                            _ => (a + b) >> 1,
                        };
                    int difference = (reduced[at] - prediction) & 0xFFFF;
                    if (difference > 32768)
                    {
                        difference -= 65536;
                    }

                    WriteDifference(bits, difference);
                }
            }
        }

        bits.Flush();
        Marker(output, 0xD9);
        return [.. output];
    }

    /// <summary>
    /// A baseline (SOF0) frame whose every block is flat. <paramref name="blockValue"/> gives the 8-bit value of
    /// block (x, y) of a component, in that component's own (possibly subsampled) block grid.
    /// </summary>
    public static byte[] FlatBaseline(int width, int height, (int H, int V)[] sampling, Func<int, int, int, int> blockValue, byte marker = 0xC0)
    {
        var output = new List<byte>();
        Marker(output, 0xD8);
        byte[] dqt = new byte[65];
        dqt.AsSpan(1).Fill(1);
        Segment(output, 0xDB, dqt);
        byte[] frame = FrameHeader(8, width, height, sampling.Length, 0);
        for (int c = 0; c < sampling.Length; c++)
        {
            frame[7 + (3 * c)] = (byte)((sampling[c].H << 4) | sampling[c].V);
        }

        Segment(output, marker, frame);

        // DC table 0: categories 0-11, 4-bit codes equal to the category. AC table 0: only EOB, the 1-bit code 0.
        byte[] dc = new byte[1 + 16 + 12];
        dc[4] = 12;
        for (int i = 0; i < 12; i++)
        {
            dc[17 + i] = (byte)i;
        }

        byte[] ac = new byte[1 + 16 + 1];
        ac[0] = 0x10;
        ac[1] = 1;
        Segment(output, 0xC4, [.. dc, .. ac]);
        Segment(output, 0xDA, ScanHeader(sampling.Length, 0, 63, 0));

        int maxH = sampling.Max(s => s.H);
        int maxV = sampling.Max(s => s.V);
        int mcusX = (width + (8 * maxH) - 1) / (8 * maxH);
        int mcusY = (height + (8 * maxV) - 1) / (8 * maxV);
        var bits = new BitWriter(output);
        int[] previous = new int[sampling.Length];
        for (int my = 0; my < mcusY; my++)
        {
            for (int mx = 0; mx < mcusX; mx++)
            {
                for (int c = 0; c < sampling.Length; c++)
                {
                    for (int v = 0; v < sampling[c].V; v++)
                    {
                        for (int h = 0; h < sampling[c].H; h++)
                        {
                            // Flat block of value p: DC = 8 (p - 128) with a quantiser of 1.
                            int dcValue = 8 * (blockValue(c, (mx * sampling[c].H) + h, (my * sampling[c].V) + v) - 128);
                            int difference = dcValue - previous[c];
                            previous[c] = dcValue;
                            int category = Category(difference);
                            bits.Write(category, 4);
                            bits.Write(ExtraBits(difference, category), category);
                            bits.Write(0, 1);
                        }
                    }
                }
            }
        }

        bits.Flush();
        Marker(output, 0xD9);
        return [.. output];
    }

    private static void WriteDifference(BitWriter bits, int difference)
    {
        if (difference == 32768)
        {
            bits.Write(16, 5);
            return;
        }

        int category = Category(difference);
        bits.Write(category, 5);
        bits.Write(ExtraBits(difference, category), category);
    }

    private static int Category(int value)
    {
        int magnitude = Math.Abs(value);
        int category = 0;
        while (magnitude > 0)
        {
            category++;
            magnitude >>= 1;
        }

        return category;
    }

    private static int ExtraBits(int value, int category) => value >= 0 ? value : value + (1 << category) - 1;

    private static byte[] FrameHeader(int precision, int width, int height, int components, byte sampling)
    {
        byte[] header = new byte[6 + (3 * components)];
        header[0] = (byte)precision;
        header[1] = (byte)(height >> 8);
        header[2] = (byte)height;
        header[3] = (byte)(width >> 8);
        header[4] = (byte)width;
        header[5] = (byte)components;
        for (int c = 0; c < components; c++)
        {
            header[6 + (3 * c)] = (byte)(c + 1);
            header[7 + (3 * c)] = sampling;
        }

        return header;
    }

    private static byte[] ScanHeader(int components, int start, int end, int pointTransform)
    {
        byte[] header = new byte[4 + (2 * components)];
        header[0] = (byte)components;
        for (int c = 0; c < components; c++)
        {
            header[1 + (2 * c)] = (byte)(c + 1);
            header[2 + (2 * c)] = 0x00;
        }

        header[1 + (2 * components)] = (byte)start;
        header[2 + (2 * components)] = (byte)end;
        header[3 + (2 * components)] = (byte)pointTransform;
        return header;
    }

    private static void Marker(List<byte> output, byte marker)
    {
        output.Add(0xFF);
        output.Add(marker);
    }

    private static void Segment(List<byte> output, byte marker, byte[] content)
    {
        Marker(output, marker);
        output.Add((byte)((content.Length + 2) >> 8));
        output.Add((byte)(content.Length + 2));
        output.AddRange(content);
    }

    /// <summary>Entropy-coded output: most significant bit first, 0x00 stuffed after every 0xFF, padded with 1s.</summary>
    private sealed class BitWriter(List<byte> output)
    {
        private int _buffer;
        private int _count;

        public void Write(int value, int count)
        {
            for (int i = count - 1; i >= 0; i--)
            {
                _buffer = (_buffer << 1) | ((value >> i) & 1);
                if (++_count == 8)
                {
                    Emit();
                }
            }
        }

        public void Flush()
        {
            while (_count != 0)
            {
                Write(1, 1);
            }
        }

        private void Emit()
        {
            output.Add((byte)_buffer);
            if (_buffer == 0xFF)
            {
                output.Add(0x00);
            }

            _buffer = 0;
            _count = 0;
        }
    }
}
