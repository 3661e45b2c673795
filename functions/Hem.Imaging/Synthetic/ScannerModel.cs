using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// What the scanner does to the phantom: averages each slice over its thickness (done by sampling through the
/// slab), blurs in-plane with a Gaussian point spread function (FWHM 0.7-1.0 mm, a standard brain kernel), adds
/// noise (Gaussian-like, sigma 3-6 HU in brain, correlated over neighbouring pixels as filtered back-projection
/// makes it, and stronger toward the skull base where the beam is hardest), and stores whole HU as int16 on
/// -1024..3071 (stored value HU + 1024 with RescaleIntercept -1024).
/// </summary>
public sealed class ScannerModel
{
    public const short MinHu = -1024;
    public const short MaxHu = 3071;

    public ScannerModel(double psfFwhmMm, double noiseSigmaHu, bool correlatedNoise, int noiseSeed)
    {
        PsfFwhmMm = psfFwhmMm;
        NoiseSigmaHu = noiseSigmaHu;
        CorrelatedNoise = correlatedNoise;
        NoiseSeed = noiseSeed;
    }

    public double PsfFwhmMm { get; }

    public double NoiseSigmaHu { get; }

    public bool CorrelatedNoise { get; }

    public int NoiseSeed { get; }

    public static ScannerModel Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new ScannerModel(random.Uniform(0.7, 1.0), random.Uniform(3, 6), correlatedNoise: true, random.NextSeed());
    }

    /// <summary>The same scanner without noise (for measuring tissue values).</summary>
    public ScannerModel WithoutNoise() => new(PsfFwhmMm, 0, CorrelatedNoise, NoiseSeed);

    /// <summary>A 1-D Gaussian kernel for the in-plane blur at a pixel spacing (normalised, odd length).</summary>
    public float[] PsfKernel(double pixelSpacingMm)
    {
        double sigma = PsfFwhmMm / (2 * Math.Sqrt(2 * Math.Log(2))) / pixelSpacingMm;
        int radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var kernel = new float[(2 * radius) + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++)
        {
            double w = Math.Exp(-(i * i) / (2 * sigma * sigma));
            kernel[i + radius] = (float)w;
            sum += w;
        }

        for (int i = 0; i < kernel.Length; i++)
        {
            kernel[i] = (float)(kernel[i] / sum);
        }

        return kernel;
    }

    /// <summary>
    /// Noise strength relative to the brain's at a height of <paramref name="headZ"/> mm (head coordinates): the
    /// posterior fossa and skull base, crossed by the densest bone, are noisier.
    /// </summary>
    public static double NoiseScaleAt(double headZ) => 1 + (0.45 * Math.Clamp((-15 - headZ) / 30, 0, 1));

    /// <summary>Blurs a plane in place with a separable kernel; <paramref name="scratch"/> is a plane-sized buffer.</summary>
    [MethodImpl(Hot.Loop)]
    public static void Blur(float[] plane, float[] scratch, int width, int height, float[] kernel)
    {
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(scratch);
        ArgumentNullException.ThrowIfNull(kernel);
        int r = kernel.Length / 2;
        int lanes = Vector<float>.Count;
        // Along rows: vectors of neighbouring pixels, each tap a shifted load; the edges (clamped) one by one.
        for (int y = 0; y < height; y++)
        {
            var source = plane.AsSpan(y * width, width);
            var target = scratch.AsSpan(y * width, width);
            int x = 0;
            for (; x < r; x++)
            {
                target[x] = Tap(source, x, kernel, width);
            }

            for (; x + lanes <= width - r; x += lanes)
            {
                var sum = Vector<float>.Zero;
                for (int k = 0; k < kernel.Length; k++)
                {
                    sum += kernel[k] * new Vector<float>(source[(x + k - r)..]);
                }

                sum.CopyTo(target[x..]);
            }

            for (; x < width; x++)
            {
                target[x] = Tap(source, x, kernel, width);
            }
        }

        // Down columns: whole rows at a time, which are contiguous.
        for (int y = 0; y < height; y++)
        {
            var target = plane.AsSpan(y * width, width);
            target.Clear();
            for (int k = -r; k <= r; k++)
            {
                var source = scratch.AsSpan(Math.Clamp(y + k, 0, height - 1) * width, width);
                float w = kernel[k + r];
                int x = 0;
                for (; x + lanes <= width; x += lanes)
                {
                    (new Vector<float>(target[x..]) + (w * new Vector<float>(source[x..]))).CopyTo(target[x..]);
                }

                for (; x < width; x++)
                {
                    target[x] += w * source[x];
                }
            }
        }
    }

    [MethodImpl(Hot.Inline)]
    private static float Tap(ReadOnlySpan<float> row, int x, float[] kernel, int width)
    {
        int r = kernel.Length / 2;
        float sum = 0;
        for (int k = -r; k <= r; k++)
        {
            sum += kernel[k + r] * row[Math.Clamp(x + k, 0, width - 1)];
        }

        return sum;
    }

    /// <summary>
    /// Adds noise of standard deviation <paramref name="sigma"/> to a plane. White noise is the sum of four uniforms
    /// (Irwin-Hall, unit variance); when correlated it is smoothed by a 3x3 binomial filter and rescaled, which
    /// also makes it closer still to Gaussian. <paramref name="seed"/> fixes the realisation.
    /// </summary>
    [MethodImpl(Hot.Loop)]
    public void AddNoise(float[] plane, float[] scratch, int width, int height, double sigma, int seed)
    {
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(scratch);
        if (sigma <= 0)
        {
            return;
        }

        var generator = new Xoshiro128(seed);
        for (int i = 0; i < width * height; i++)
        {
            scratch[i] = (generator.NextFloat() + generator.NextFloat() + generator.NextFloat() + generator.NextFloat() - 2f) * 1.7320508f;
        }

        if (!CorrelatedNoise)
        {
            for (int i = 0; i < width * height; i++)
            {
                plane[i] += (float)sigma * scratch[i];
            }

            return;
        }

        // 3x3 binomial [1 2 1]/4 in each direction keeps 0.1406 of the variance: rescale by 1 / sqrt(0.140625).
        float scale = (float)(sigma / 0.375);
        for (int y = 0; y < height; y++)
        {
            int up = Math.Max(0, y - 1) * width;
            int row = y * width;
            int down = Math.Min(height - 1, y + 1) * width;
            for (int x = 0; x < width; x++)
            {
                int left = Math.Max(0, x - 1);
                int right = Math.Min(width - 1, x + 1);
                float v = (Column(scratch, up, row, down, left) + (2 * Column(scratch, up, row, down, x)) + Column(scratch, up, row, down, right)) * 0.0625f;
                plane[row + x] += scale * v;
            }
        }
    }

    /// <summary>Whole HU, half away from zero, clamped to the stored range.</summary>
    [MethodImpl(Hot.Inline)]
    public static short Quantise(float hu) => (short)Math.Clamp(MathF.Round(hu, MidpointRounding.AwayFromZero), MinHu, MaxHu);

    [MethodImpl(Hot.Inline)]
    private static float Column(float[] values, int up, int row, int down, int x) => values[up + x] + (2 * values[row + x]) + values[down + x];

    /// <summary>xoshiro128** (Blackman and Vigna): a small, fast generator for per-slice noise streams.</summary>
    private struct Xoshiro128
    {
        private uint _s0;
        private uint _s1;
        private uint _s2;
        private uint _s3;

        public Xoshiro128(int seed)
        {
            ulong z = (ulong)(uint)seed + 0x9E3779B97F4A7C15UL;
            _s0 = (uint)SplitMix(ref z);
            _s1 = (uint)SplitMix(ref z);
            _s2 = (uint)SplitMix(ref z);
            _s3 = (uint)SplitMix(ref z);
        }

        public float NextFloat() => (Next() >> 8) * (1f / 16777216f);

        private uint Next()
        {
            uint result = BitRotate(_s1 * 5, 7) * 9;
            uint t = _s1 << 9;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = BitRotate(_s3, 11);
            return result;
        }

        private static uint BitRotate(uint x, int k) => (x << k) | (x >> (32 - k));

        private static ulong SplitMix(ref ulong z)
        {
            z += 0x9E3779B97F4A7C15UL;
            ulong r = z;
            r = (r ^ (r >> 30)) * 0xBF58476D1CE4E5B9UL;
            r = (r ^ (r >> 27)) * 0x94D049BB133111EBUL;
            return r ^ (r >> 31);
        }
    }
}
