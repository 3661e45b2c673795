using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Hem.Dicom.Pixels;

/// <summary>Uncompressed pixel data (little endian after reading), 1, 8, 16 or 32 bits allocated.</summary>
public sealed class NativeFrameDecoder : IFrameDecoder
{
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly StoredValues _stored;

    public NativeFrameDecoder(PixelDescription description, ReadOnlyMemory<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(description);
        Description = description;
        _bytes = bytes;
        _stored = new StoredValues(description);
        long needed = (description.TotalValues * description.BitsAllocated + 7) / 8;
        if (bytes.Length < needed)
        {
            throw new DicomFormatException($"pixel data holds {bytes.Length} bytes but the image needs {needed}");
        }
    }

    public PixelDescription Description { get; }

    public void DecodeFrame(int frame, Span<int> destination)
    {
        var d = Description;
        long count = d.CheckFrameArguments(frame, destination.Length);

        if (d.BitsAllocated == 1)
        {
            DecodeBits(frame, destination[..(int)count]);
            return;
        }

        int bytesPerValue = d.BitsAllocated / 8;
        var source = _bytes.Span.Slice((int)(frame * count * bytesPerValue), (int)(count * bytesPerValue));
        var target = destination[..(int)count];
        if (d.PlanarConfiguration == 1 && d.SamplesPerPixel > 1)
        {
            DecodePlanar(source, target, bytesPerValue);
            return;
        }

        // Typed loops per sample size: this is the hot path of reading a series (millions of values).
        switch (bytesPerValue)
        {
            case 1:
                for (int i = 0; i < target.Length; i++)
                {
                    target[i] = _stored.From(source[i]);
                }

                break;
            case 2:
                var words = MemoryMarshal.Cast<byte, ushort>(source);
                int start = BitConverter.IsLittleEndian ? DecodeWordsVectorised(words, target) : 0;
                for (int i = start; i < target.Length; i++)
                {
                    target[i] = _stored.From(BitConverter.IsLittleEndian ? words[i] : BinaryPrimitives.ReverseEndianness(words[i]));
                }

                break;
            default:
                var longs = MemoryMarshal.Cast<byte, uint>(source);
                for (int i = 0; i < target.Length; i++)
                {
                    target[i] = _stored.From(BitConverter.IsLittleEndian ? longs[i] : BinaryPrimitives.ReverseEndianness(longs[i]));
                }

                break;
        }
    }

    /// <summary>The 16-bit path with SIMD: widen, then mask or sign-extend; returns how many values it did.</summary>
    private int DecodeWordsVectorised(ReadOnlySpan<ushort> words, Span<int> target)
    {
        if (!Vector.IsHardwareAccelerated)
        {
            return 0;
        }

        var d = Description;
        int shift = 32 - d.BitsStored;
        bool signed = d.PixelRepresentation == 1;
        var mask = new Vector<uint>(d.BitsStored >= 32 ? uint.MaxValue : (1u << d.BitsStored) - 1);
        int width = Vector<ushort>.Count;
        int half = Vector<uint>.Count;
        int i = 0;
        for (; i <= target.Length - width; i += width)
        {
            Vector.Widen(new Vector<ushort>(words[i..]), out Vector<uint> low, out Vector<uint> high);
            Store(low, target[i..]);
            Store(high, target[(i + half)..]);
        }

        return i;

        void Store(Vector<uint> raw, Span<int> destination)
        {
            var value = signed
                ? Vector.ShiftRightArithmetic(Vector.AsVectorInt32(Vector.ShiftLeft(raw, shift)), shift)
                : Vector.AsVectorInt32(raw & mask);
            value.CopyTo(destination);
        }
    }

    private void DecodePlanar(ReadOnlySpan<byte> source, Span<int> destination, int bytesPerValue)
    {
        // Planar configuration 1 stores each sample plane whole; output interleaves samples per pixel.
        int pixels = Description.Rows * Description.Columns;
        int samples = Description.SamplesPerPixel;
        for (int i = 0; i < destination.Length; i++)
        {
            uint raw = bytesPerValue switch
            {
                1 => source[i],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(source[(i * 2)..]),
                _ => BinaryPrimitives.ReadUInt32LittleEndian(source[(i * 4)..]),
            };
            destination[(i % pixels * samples) + (i / pixels)] = _stored.From(raw);
        }
    }

    private void DecodeBits(int frame, Span<int> destination)
    {
        // 1-bit frames are packed back to back, least significant bit first, and need not start on a byte.
        var source = _bytes.Span;
        long firstBit = frame * Description.ValuesPerFrame;
        for (int i = 0; i < destination.Length; i++)
        {
            long bit = firstBit + i;
            destination[i] = (source[(int)(bit >> 3)] >> (int)(bit & 7)) & 1;
        }
    }
}
