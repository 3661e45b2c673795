using System.Buffers.Binary;

namespace Hem.Dicom.Pixels.Jpeg;

/// <summary>
/// Lossless JPEG, Huffman coded (process 14, SOF3; ITU T.81 Annex H): every predictor 1-7, point transform,
/// restart intervals, interleaved or one scan per component. Components must not be subsampled (DICOM's lossless
/// images never are). Samples are reconstructed modulo 2^16 and scaled up by the point transform, as the IJG and
/// DCMTK decoders do, so the output is the raw sample value with no sign handling.
/// </summary>
/// <remarks>
/// JpegLibrary also decodes SOF3, but measured against DCMTK it predicts the first line of a scan with the selected
/// predictor instead of Ra, which corrupts every predictor but 1 (NEMA CT0012 uses predictor 6).
/// </remarks>
internal static class JpegLosslessDecoder
{
    /// <summary>Writes the frame's samples, interleaved by component, into <paramref name="destination"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> codestream, JpegFrameInfo frame, Span<int> destination)
    {
        if (frame.Components.Any(c => c.Horizontal != 1 || c.Vertical != 1))
        {
            throw new DicomUnsupportedException("lossless JPEG with subsampled components is not supported");
        }

        if (frame.Precision is < 2 or > 16)
        {
            throw new DicomFormatException($"lossless JPEG precision {frame.Precision} is not 2 to 16 bits");
        }

        var tables = new JpegHuffmanTable?[4];
        var decoded = new bool[frame.Components.Count];
        int restartInterval = 0;
        var reader = new JpegMarkerReader(codestream) { Position = 2 };
        while (reader.TryReadMarker(out byte marker) && marker != JpegMarkerReader.EndOfImage)
        {
            if (JpegMarkerReader.IsStandalone(marker))
            {
                continue;
            }

            var segment = reader.ReadSegment(marker);
            switch (marker)
            {
                case JpegMarkerReader.DefineHuffmanTables:
                    foreach (var (tableClass, id, table) in JpegHuffmanTable.ReadSegment(segment))
                    {
                        if (tableClass == 0)
                        {
                            tables[id] = table;
                        }
                    }

                    break;
                case JpegMarkerReader.DefineRestartInterval:
                    restartInterval = segment.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(segment) : throw new DicomFormatException("a JPEG DRI segment is truncated");
                    break;
                case JpegMarkerReader.DefineNumberOfLines:
                    throw new DicomUnsupportedException("lossless JPEG with a DNL marker (lines defined after the scan) is not supported");
                case JpegMarkerReader.StartOfScan:
                    var scan = new ScanDecoder(frame, ReadScanHeader(segment, frame, tables), restartInterval);
                    reader.Position = scan.Decode(codestream, reader.Position, destination);
                    foreach (int component in scan.Header.ComponentIndexes)
                    {
                        decoded[component] = true;
                    }

                    break;
            }
        }

        int missing = Array.IndexOf(decoded, false);
        if (missing >= 0)
        {
            throw new DicomFormatException($"the lossless JPEG codestream has no scan for component {missing}");
        }
    }

    private sealed record ScanHeader(int[] ComponentIndexes, JpegHuffmanTable[] Tables, int Predictor, int PointTransform);

    private static ScanHeader ReadScanHeader(ReadOnlySpan<byte> segment, JpegFrameInfo frame, JpegHuffmanTable?[] tables)
    {
        int count = segment.Length > 0 ? segment[0] : 0;
        if (count == 0 || segment.Length != 4 + (2 * count))
        {
            throw new DicomFormatException($"a JPEG scan header (SOS) of {segment.Length} bytes does not match its {count} components");
        }

        var indexes = new int[count];
        var scanTables = new JpegHuffmanTable[count];
        for (int i = 0; i < count; i++)
        {
            byte id = segment[1 + (2 * i)];
            indexes[i] = IndexOf(frame, id);
            int tableId = segment[2 + (2 * i)] >> 4;
            scanTables[i] = (tableId < 4 ? tables[tableId] : null)
                ?? throw new DicomFormatException($"the JPEG scan uses Huffman table {tableId}, which no DHT segment defines");
        }

        int predictor = segment[1 + (2 * count)];
        int pointTransform = segment[3 + (2 * count)] & 0x0F;
        if (predictor is < 1 or > 7)
        {
            throw new DicomFormatException($"lossless JPEG predictor {predictor} is not 1 to 7");
        }

        if (pointTransform >= frame.Precision)
        {
            throw new DicomFormatException($"lossless JPEG point transform {pointTransform} is not below the precision {frame.Precision}");
        }

        return new ScanHeader(indexes, scanTables, predictor, pointTransform);
    }

    private static int IndexOf(JpegFrameInfo frame, byte id)
    {
        for (int i = 0; i < frame.Components.Count; i++)
        {
            if (frame.Components[i].Id == id)
            {
                return i;
            }
        }

        throw new DicomFormatException($"the JPEG scan names component {id}, which the frame header does not declare");
    }

    /// <summary>Decodes one scan's differences and undoes the prediction (ITU T.81 H.1.2).</summary>
    private sealed class ScanDecoder(JpegFrameInfo frame, ScanHeader header, int restartInterval)
    {
        public ScanHeader Header { get; } = header;

        /// <summary>Decodes the scan whose data begins at <paramref name="start"/>; returns where the unread bytes begin.</summary>
        public int Decode(ReadOnlySpan<byte> codestream, int start, Span<int> destination)
        {
            int width = frame.SamplesPerLine;
            int height = frame.Lines;
            int stride = frame.Components.Count;
            int rowStride = width * stride;

            // One MCU is one sample of each scan component, so a restart interval must be whole lines to keep the
            // "first line of the interval" rule unambiguous; the IJG decoder imposes the same.
            if (restartInterval > 0 && restartInterval % width != 0)
            {
                throw new DicomUnsupportedException($"lossless JPEG restart interval {restartInterval} is not a whole number of {width}-sample lines");
            }

            int linesPerRestart = restartInterval > 0 ? restartInterval / width : int.MaxValue;
            int initial = 1 << (frame.Precision - Header.PointTransform - 1);
            int predictor = Header.Predictor;
            var indexes = Header.ComponentIndexes;
            var tables = Header.Tables;
            var reader = new JpegBitReader(codestream, start);
            int restarts = 0;
            for (int y = 0; y < height; y++)
            {
                bool firstLine = y == 0;
                if (y > 0 && y % linesPerRestart == 0)
                {
                    reader.Restart(restarts++);
                    firstLine = true;
                }

                int rowStart = y * rowStride;
                for (int x = 0; x < width; x++)
                {
                    int pixel = rowStart + (x * stride);
                    for (int s = 0; s < indexes.Length; s++)
                    {
                        int at = pixel + indexes[s];
                        int difference = ReadDifference(ref reader, tables[s]);
                        int prediction;
                        if (x == 0)
                        {
                            prediction = firstLine ? initial : destination[at - rowStride];
                        }
                        else if (firstLine)
                        {
                            prediction = destination[at - stride];
                        }
                        else
                        {
                            prediction = Predict(predictor, destination[at - stride], destination[at - rowStride], destination[at - rowStride - stride]);
                        }

                        destination[at] = (prediction + difference) & 0xFFFF;
                    }
                }
            }

            if (Header.PointTransform > 0)
            {
                int count = width * height;
                foreach (int component in indexes)
                {
                    for (int i = 0; i < count; i++)
                    {
                        destination[(i * stride) + component] <<= Header.PointTransform;
                    }
                }
            }

            return reader.Position;
        }

        private static int Predict(int predictor, int a, int b, int c) => predictor switch
        {
            1 => a,
            2 => b,
            3 => c,
            4 => a + b - c,
            5 => a + ((b - c) >> 1),
            6 => b + ((a - c) >> 1),
            _ => (a + b) >> 1,
        };

        /// <summary>A difference: a Huffman-coded magnitude category, then that many bits (ITU T.81 H.1.2.2, F.2.2.1).</summary>
        private static int ReadDifference(ref JpegBitReader reader, JpegHuffmanTable table)
        {
            int category = table.DecodeSymbol(ref reader);
            if (category == 0)
            {
                return 0;
            }

            if (category == 16)
            {
                return 32768;
            }

            if (category > 16)
            {
                throw new DicomFormatException($"lossless JPEG difference category {category} is above 16");
            }

            int bits = reader.ReadBits(category);
            return bits < 1 << (category - 1) ? bits - (1 << category) + 1 : bits;
        }
    }
}
