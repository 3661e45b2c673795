namespace Hem.Imaging.Morphology;

/// <summary>
/// Marks the background (zero) voxels reachable from the edge of a block through face-connected background: a
/// scanline flood that fills whole runs along x and pushes one seed per run of the neighbouring rows, so the
/// stack holds runs rather than voxels.
/// </summary>
internal sealed class BackgroundFlood
{
    private readonly IndexStack _stack = new();

    /// <summary>
    /// Sets <paramref name="reached"/> to 1 on every edge-connected background voxel of an nx x ny x nz block
    /// (cleared first). The first and last z planes are edges only when <paramref name="zPlanesAreEdges"/>: a
    /// single slice filled in 2D has none.
    /// </summary>
    public void FromEdge(ReadOnlySpan<byte> source, Span<byte> reached, int nx, int ny, int nz, bool zPlanesAreEdges)
    {
        reached.Clear();
        int plane = nx * ny;
        for (int z = 0; z < nz; z++)
        {
            for (int y = 0; y < ny; y++)
            {
                int rowStart = (z * plane) + (y * nx);
                bool faceRow = y == 0 || y == ny - 1 || (zPlanesAreEdges && (z == 0 || z == nz - 1));
                if (faceRow)
                {
                    SeedRuns(source, reached, rowStart, 0, nx - 1);
                }
                else
                {
                    SeedRuns(source, reached, rowStart, 0, 0);
                    SeedRuns(source, reached, rowStart, nx - 1, nx - 1);
                }
            }
        }

        while (_stack.TryPop(out int i))
        {
            if (reached[i] != 0)
            {
                continue;
            }

            int z = i / plane;
            int y = (i - (z * plane)) / nx;
            int rowStart = (z * plane) + (y * nx);
            int x = i - rowStart;
            int left = x;
            while (left > 0 && source[rowStart + left - 1] == 0 && reached[rowStart + left - 1] == 0)
            {
                left--;
            }

            int right = x;
            while (right < nx - 1 && source[rowStart + right + 1] == 0 && reached[rowStart + right + 1] == 0)
            {
                right++;
            }

            reached.Slice(rowStart + left, right - left + 1).Fill(1);
            if (y > 0)
            {
                SeedRuns(source, reached, rowStart - nx, left, right);
            }

            if (y < ny - 1)
            {
                SeedRuns(source, reached, rowStart + nx, left, right);
            }

            if (z > 0)
            {
                SeedRuns(source, reached, rowStart - plane, left, right);
            }

            if (z < nz - 1)
            {
                SeedRuns(source, reached, rowStart + plane, left, right);
            }
        }
    }

    /// <summary>Pushes the first voxel of each run of unreached background in x = left..right of a row.</summary>
    private void SeedRuns(ReadOnlySpan<byte> source, ReadOnlySpan<byte> reached, int rowStart, int left, int right)
    {
        bool inRun = false;
        for (int x = left; x <= right; x++)
        {
            int i = rowStart + x;
            bool open = source[i] == 0 && reached[i] == 0;
            if (open && !inRun)
            {
                _stack.Push(i);
            }

            inRun = open;
        }
    }
}
