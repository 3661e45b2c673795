using Hem.Dicom.Series;

namespace Hem.Imaging.Morphology;

/// <summary>
/// The separable exact squared Euclidean distance transform of Felzenszwalb and Huttenlocher ("Distance Transforms of
/// Sampled Functions", Theory of Computing 8, 2012), in millimetres for anisotropic spacing. Each axis pass replaces
/// a line's values by the lower envelope of parabolas (spacing x (p - q))^2 + f(q), which is exact, so the three
/// passes give the exact squared distance to the nearest feature voxel.
/// </summary>
internal static class SquaredDistance
{
    /// <summary>
    /// Transforms <paramref name="values"/> in place: on entry 0 at features and +infinity elsewhere, on exit the
    /// squared distance in mm^2 to the nearest feature (+infinity everywhere when there is none). Lines are computed
    /// in double precision and stored as float (about 7 significant digits).
    /// </summary>
    public static void Transform(float[] values, GridSize size, Vector3D spacing)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.LongLength != size.VoxelCount)
        {
            throw new ArgumentException($"{values.LongLength} values do not fill a {size} grid", nameof(values));
        }

        int nx = size.X;
        int ny = size.Y;
        int nz = size.Z;
        int longest = Math.Max(nx, Math.Max(ny, nz));

        // x and y lines of one slice never touch another slice, so slices are independent work items.
        Parallel.For(
            0,
            nz,
            () => new LineBuffers(longest),
            (z, _, buffers) =>
            {
                long slice = (long)z * size.VoxelsPerSlice;
                for (int y = 0; y < ny; y++)
                {
                    var row = values.AsSpan((int)(slice + ((long)y * nx)), nx);
                    buffers.Transform(row, spacing.X);
                }

                if (ny > 1)
                {
                    for (int x = 0; x < nx; x++)
                    {
                        buffers.TransformStrided(values, slice + x, nx, ny, spacing.Y);
                    }
                }

                return buffers;
            },
            _ => { });

        if (nz == 1)
        {
            return;
        }

        // z lines: one y row of every slice at a time, gathered so that reads run along x.
        Parallel.For(
            0,
            ny,
            () => new ColumnBlock(nx, nz, longest),
            (y, _, block) =>
            {
                block.TransformZ(values, size, y, spacing.Z);
                return block;
            },
            _ => { });
    }

    /// <summary>The working arrays of one thread: a line in double precision and the parabola envelope.</summary>
    private sealed class LineBuffers
    {
        private readonly double[] _input;
        private readonly double[] _output;
        private readonly int[] _sites;
        private readonly double[] _bounds;

        public LineBuffers(int length)
        {
            _input = new double[length];
            _output = new double[length];
            _sites = new int[length];
            _bounds = new double[length + 1];
        }

        public void Transform(Span<float> line, double spacing)
        {
            int n = line.Length;
            var input = _input.AsSpan(0, n);
            for (int i = 0; i < n; i++)
            {
                input[i] = line[i];
            }

            var output = _output.AsSpan(0, n);
            Envelope(input, output, spacing);
            for (int i = 0; i < n; i++)
            {
                line[i] = (float)output[i];
            }
        }

        public void TransformStrided(float[] values, long start, int stride, int count, double spacing)
        {
            var input = _input.AsSpan(0, count);
            for (int i = 0; i < count; i++)
            {
                input[i] = values[start + ((long)i * stride)];
            }

            var output = _output.AsSpan(0, count);
            Envelope(input, output, spacing);
            for (int i = 0; i < count; i++)
            {
                values[start + ((long)i * stride)] = (float)output[i];
            }
        }

        public void Envelope(ReadOnlySpan<double> f, Span<double> d, double spacing)
        {
            int n = f.Length;
            var sites = _sites.AsSpan(0, n);
            var bounds = _bounds.AsSpan(0, n + 1);
            int k = -1;
            for (int q = 0; q < n; q++)
            {
                double fq = f[q];
                if (double.IsPositiveInfinity(fq))
                {
                    // No parabola: an infinite one never lies on the envelope, and would make inf - inf below.
                    continue;
                }

                double pq = q * spacing;
                double hq = fq + (pq * pq);
                double intersection = double.NegativeInfinity;
                while (k >= 0)
                {
                    int r = sites[k];
                    double pr = r * spacing;
                    intersection = (hq - (f[r] + (pr * pr))) / (2 * (pq - pr));
                    if (intersection > bounds[k])
                    {
                        break;
                    }

                    k--;
                }

                k++;
                sites[k] = q;
                bounds[k] = k == 0 ? double.NegativeInfinity : intersection;
                bounds[k + 1] = double.PositiveInfinity;
            }

            if (k < 0)
            {
                d.Fill(double.PositiveInfinity);
                return;
            }

            int j = 0;
            for (int q = 0; q < n; q++)
            {
                double p = q * spacing;
                while (bounds[j + 1] < p)
                {
                    j++;
                }

                double offset = p - (sites[j] * spacing);
                d[q] = (offset * offset) + f[sites[j]];
            }
        }
    }

    /// <summary>One y row of every slice, transposed so each z line is contiguous.</summary>
    private sealed class ColumnBlock
    {
        private readonly float[] _block;
        private readonly LineBuffers _line;
        private readonly int _nx;
        private readonly int _nz;

        public ColumnBlock(int nx, int nz, int longest)
        {
            _nx = nx;
            _nz = nz;
            _block = new float[(long)nx * nz];
            _line = new LineBuffers(longest);
        }

        public void TransformZ(float[] values, GridSize size, int y, double spacing)
        {
            for (int z = 0; z < _nz; z++)
            {
                long start = (z * size.VoxelsPerSlice) + ((long)y * _nx);
                var row = values.AsSpan((int)start, _nx);
                for (int x = 0; x < _nx; x++)
                {
                    _block[(x * _nz) + z] = row[x];
                }
            }

            for (int x = 0; x < _nx; x++)
            {
                _line.Transform(_block.AsSpan(x * _nz, _nz), spacing);
            }

            for (int z = 0; z < _nz; z++)
            {
                long start = (z * size.VoxelsPerSlice) + ((long)y * _nx);
                var row = values.AsSpan((int)start, _nx);
                for (int x = 0; x < _nx; x++)
                {
                    row[x] = _block[(x * _nz) + z];
                }
            }
        }
    }
}
