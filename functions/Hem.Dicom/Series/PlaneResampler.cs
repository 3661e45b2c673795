namespace Hem.Dicom.Series;

/// <summary>In-plane and between-plane linear interpolation of HU planes.</summary>
internal static class PlaneResampler
{
    /// <summary>
    /// Fills <paramref name="target"/> (width x height) from <paramref name="source"/> (columns x rows) moved by
    /// (shiftX, shiftY) pixels, bilinearly. Target positions within half a pixel of the source's edge take the
    /// edge pixel (its footprint reaches that far); further out there was no acquisition and they hold air.
    /// </summary>
    public static void Shift(ReadOnlySpan<float> source, int columns, int rows, Span<float> target, int width, int height, double shiftX, double shiftY)
    {
        for (int j = 0; j < height; j++)
        {
            var line = target.Slice(j * width, width);
            double sy = j - shiftY;
            if (sy < -0.5 || sy > rows - 0.5)
            {
                line.Fill(CtVolume.AirHu);
                continue;
            }

            int y0 = (int)Math.Floor(sy);
            double fy = sy - y0;
            var row0 = source.Slice(Math.Clamp(y0, 0, rows - 1) * columns, columns);
            var row1 = source.Slice(Math.Clamp(y0 + 1, 0, rows - 1) * columns, columns);
            for (int i = 0; i < width; i++)
            {
                double sx = i - shiftX;
                if (sx < -0.5 || sx > columns - 0.5)
                {
                    line[i] = CtVolume.AirHu;
                    continue;
                }

                int x0 = (int)Math.Floor(sx);
                double fx = sx - x0;
                int a = Math.Clamp(x0, 0, columns - 1), b = Math.Clamp(x0 + 1, 0, columns - 1);
                double top = row0[a] + (fx * (row0[b] - row0[a]));
                double bottom = row1[a] + (fx * (row1[b] - row1[a]));
                line[i] = (float)(top + (fy * (bottom - top)));
            }
        }
    }

    /// <summary>Writes (1 - weight) x first + weight x second, rounded to HU, into <paramref name="target"/>.</summary>
    public static void Blend(ReadOnlySpan<float> first, ReadOnlySpan<float> second, double weight, Span<short> target)
    {
        if (weight == 0)
        {
            for (int i = 0; i < target.Length; i++)
            {
                target[i] = HounsfieldScale.Round(first[i]);
            }

            return;
        }

        for (int i = 0; i < target.Length; i++)
        {
            target[i] = HounsfieldScale.Round(first[i] + (weight * (second[i] - first[i])));
        }
    }
}
