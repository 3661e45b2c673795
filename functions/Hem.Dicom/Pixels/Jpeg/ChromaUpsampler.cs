namespace Hem.Dicom.Pixels.Jpeg;

/// <summary>
/// Brings a subsampled JPEG component to full resolution as IJG libjpeg 6b does (jdsample.c), the library inside
/// DCMTK and GDCM: the triangle ("fancy") filter for 2x1 and 2x2 subsampling when the component is wider than two
/// samples, plain replication otherwise. Edges repeat the outermost sample.
/// </summary>
internal static class ChromaUpsampler
{
    /// <summary>
    /// Writes the component as samples <paramref name="component"/>, <paramref name="component"/> + <paramref name="stride"/>, ...
    /// of <paramref name="destination"/>, <paramref name="width"/> x <paramref name="height"/> pixels.
    /// </summary>
    public static void Upsample(ReadOnlySpan<ushort> plane, int planeWidth, int planeHeight, int horizontalFactor, int verticalFactor,
        int width, int height, Span<int> destination, int component, int stride)
    {
        bool fancy = planeWidth > 2 && horizontalFactor == 2 && verticalFactor is 1 or 2;
        Span<int> row = new int[planeWidth * horizontalFactor];
        for (int y = 0; y < height; y++)
        {
            int planeRow = y / verticalFactor;
            var current = plane.Slice(planeRow * planeWidth, planeWidth);
            if (horizontalFactor == 1 && verticalFactor == 1)
            {
                Copy(current, row);
            }
            else if (fancy && verticalFactor == 1)
            {
                H2V1(current, row);
            }
            else if (fancy)
            {
                // Even output rows blend with the row above, odd ones with the row below.
                int neighbourRow = Math.Clamp(y % 2 == 0 ? planeRow - 1 : planeRow + 1, 0, planeHeight - 1);
                H2V2(current, plane.Slice(neighbourRow * planeWidth, planeWidth), row);
            }
            else
            {
                Replicate(current, horizontalFactor, row);
            }

            int at = (y * width * stride) + component;
            for (int x = 0; x < width; x++, at += stride)
            {
                destination[at] = row[x];
            }
        }
    }

    /// <summary>jdsample.c h2v1_fancy_upsample: each output sample is 3/4 the nearer input plus 1/4 the further.</summary>
    internal static void H2V1(ReadOnlySpan<ushort> input, Span<int> output)
    {
        int last = input.Length - 1;
        output[0] = input[0];
        output[1] = ((input[0] * 3) + input[1] + 2) >> 2;
        for (int i = 1; i < last; i++)
        {
            int near = input[i] * 3;
            output[2 * i] = (near + input[i - 1] + 1) >> 2;
            output[(2 * i) + 1] = (near + input[i + 1] + 2) >> 2;
        }

        output[2 * last] = ((input[last] * 3) + input[last - 1] + 1) >> 2;
        output[(2 * last) + 1] = input[last];
    }

    /// <summary>jdsample.c h2v2_fancy_upsample: the same triangle filter vertically (3/4 this row, 1/4 the neighbour) then horizontally.</summary>
    internal static void H2V2(ReadOnlySpan<ushort> input, ReadOnlySpan<ushort> neighbour, Span<int> output)
    {
        int last = input.Length - 1;
        int thisSum = (input[0] * 3) + neighbour[0];
        int nextSum = (input[1] * 3) + neighbour[1];
        output[0] = ((thisSum * 4) + 8) >> 4;
        output[1] = ((thisSum * 3) + nextSum + 7) >> 4;
        int lastSum = thisSum;
        thisSum = nextSum;
        for (int i = 1; i < last; i++)
        {
            nextSum = (input[i + 1] * 3) + neighbour[i + 1];
            output[2 * i] = ((thisSum * 3) + lastSum + 8) >> 4;
            output[(2 * i) + 1] = ((thisSum * 3) + nextSum + 7) >> 4;
            lastSum = thisSum;
            thisSum = nextSum;
        }

        output[2 * last] = ((thisSum * 3) + lastSum + 8) >> 4;
        output[(2 * last) + 1] = ((thisSum * 4) + 7) >> 4;
    }

    private static void Copy(ReadOnlySpan<ushort> input, Span<int> output)
    {
        for (int i = 0; i < input.Length; i++)
        {
            output[i] = input[i];
        }
    }

    private static void Replicate(ReadOnlySpan<ushort> input, int factor, Span<int> output)
    {
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = input[i / factor];
        }
    }
}
