using System.Runtime.CompilerServices;
using JpegLibrary;

namespace Hem.Dicom.Pixels.Jpeg;

/// <summary>
/// Sequential DCT JPEG (baseline and extended, 8 and 12 bit) through JpegLibrary. The library hands over 8x8 blocks
/// after the inverse DCT, not range-limited and with subsampled components replicated; this class clamps them to
/// the sample precision, keeps each component at its own resolution, then upsamples the way libjpeg does so that
/// the result matches the decoders DICOM toolkits are built on.
/// </summary>
internal static class JpegDctDecoder
{
    /// <summary>Writes the frame's samples, interleaved by component, into <paramref name="destination"/>.</summary>
    public static void Decode(ReadOnlyMemory<byte> codestream, JpegFrameInfo frame, Span<int> destination)
    {
        int maxH = frame.MaxHorizontal;
        int maxV = frame.MaxVertical;
        if (frame.Components.Any(c => maxH % c.Horizontal != 0 || maxV % c.Vertical != 0))
        {
            throw new DicomUnsupportedException("JPEG sampling factors that are not integer multiples of each other are not supported");
        }

        var planes = new ComponentPlanes(frame);
        try
        {
            var decoder = new JpegDecoder();
            decoder.SetInput(codestream);
            decoder.Identify();
            if (decoder.Width != frame.SamplesPerLine || decoder.Height != frame.Lines || decoder.NumberOfComponents != frame.Components.Count)
            {
                throw new DicomFormatException("the JPEG codestream holds more than one frame header and they disagree");
            }

            decoder.SetOutputWriter(planes);
            decoder.Decode();
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or NotSupportedException)
        {
            // JpegLibrary reports corrupt data with these; its messages describe the codestream, never attribute values.
            throw new DicomFormatException($"the JPEG codestream could not be decoded: {ex.Message}", ex);
        }

        planes.Upsample(destination);
    }

    /// <summary>Receives JpegLibrary's blocks and keeps each component at its stored (possibly subsampled) size.</summary>
    private sealed class ComponentPlanes : JpegBlockOutputWriter
    {
        private readonly JpegFrameInfo _frame;
        private readonly int _max;
        private readonly Plane[] _planes;

        public ComponentPlanes(JpegFrameInfo frame)
        {
            _frame = frame;
            _max = (1 << frame.Precision) - 1;
            int maxH = frame.MaxHorizontal;
            int maxV = frame.MaxVertical;
            _planes = [.. frame.Components.Select(c => new Plane(
                maxH / c.Horizontal,
                maxV / c.Vertical,
                DivideRoundingUp(frame.SamplesPerLine * c.Horizontal, maxH),
                DivideRoundingUp(frame.Lines * c.Vertical, maxV)))];
        }

        public override void WriteBlock(ref short blockRef, int componentIndex, int x, int y)
        {
            if ((uint)componentIndex >= (uint)_planes.Length)
            {
                return;
            }

            // Blocks of subsampled components arrive replicated to full resolution: keep one sample of each
            // factor-by-factor group. Blocks past the image edge (MCU padding) are dropped.
            var plane = _planes[componentIndex];
            int rows = Math.Min(8, _frame.Lines - y);
            int columns = Math.Min(8, _frame.SamplesPerLine - x);
            for (int r = 0; r < rows; r++)
            {
                int row = (y + r) / plane.VerticalFactor;
                for (int c = 0; c < columns; c++)
                {
                    int value = Unsafe.Add(ref blockRef, (r * 8) + c);
                    plane.Samples[(row * plane.Width) + ((x + c) / plane.HorizontalFactor)] = (ushort)Math.Clamp(value, 0, _max);
                }
            }
        }

        public void Upsample(Span<int> destination)
        {
            for (int i = 0; i < _planes.Length; i++)
            {
                var plane = _planes[i];
                ChromaUpsampler.Upsample(plane.Samples, plane.Width, plane.Height, plane.HorizontalFactor, plane.VerticalFactor,
                    _frame.SamplesPerLine, _frame.Lines, destination, i, _planes.Length);
            }
        }

        private static int DivideRoundingUp(int value, int divisor) => (value + divisor - 1) / divisor;
    }

    private sealed class Plane(int horizontalFactor, int verticalFactor, int width, int height)
    {
        public int HorizontalFactor { get; } = horizontalFactor;

        public int VerticalFactor { get; } = verticalFactor;

        public int Width { get; } = width;

        public int Height { get; } = height;

        public ushort[] Samples { get; } = new ushort[width * height];
    }
}
