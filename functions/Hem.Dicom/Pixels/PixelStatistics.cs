using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Hem.Dicom.Pixels;

/// <summary>
/// Summary of every decoded stored value, comparable with any other decoder's output: count, min, max, mean and
/// the SHA-256 of the values as int32 little endian in frame, row, column, sample order.
/// </summary>
public sealed record PixelStatistics(long Count, long Min, long Max, double Mean, string Sha256)
{
    public static PixelStatistics Compute(IFrameDecoder decoder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        var description = decoder.Description;
        int perFrame = checked((int)description.ValuesPerFrame);
        int[] values = ArrayPool<int>.Shared.Rent(perFrame);
        byte[] bytes = ArrayPool<byte>.Shared.Rent(perFrame * 4);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long count = 0, min = long.MaxValue, max = long.MinValue;
            double sum = 0;
            for (int frame = 0; frame < description.NumberOfFrames; frame++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var frameValues = values.AsSpan(0, perFrame);
                decoder.DecodeFrame(frame, frameValues);
                for (int i = 0; i < frameValues.Length; i++)
                {
                    int v = frameValues[i];
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                    sum += v;
                    BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), v);
                }

                hash.AppendData(bytes, 0, perFrame * 4);
                count += perFrame;
            }

            return new PixelStatistics(count, min, max, count == 0 ? 0 : sum / count, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(values);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
