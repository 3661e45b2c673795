using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hem.Imaging.Synthetic;

/// <summary>What to render besides the baseline CT.</summary>
public sealed record RenderRequest
{
    public bool FollowUp { get; init; } = true;

    /// <summary>The tissue label volume (class at each voxel centre, baseline lesion classes included).</summary>
    public bool Labels { get; init; }

    /// <summary>
    /// Per voxel, how far (0.1 mm units, up to 25.5 mm) every sample through it lies from any tissue boundary, or 0
    /// where the samples disagree on the class: lets tests pick voxels free of partial volume and blur.
    /// </summary>
    public bool Purity { get; init; }

    /// <summary>Leave out the noise (the scanner's blur and slice averaging stay).</summary>
    public bool NoiseFree { get; init; }
}

/// <summary>The rendered volumes of a case (x fastest, then y, then z, on the case's grid).</summary>
public sealed record RenderedCase(short[] Baseline, short[]? FollowUp, byte[]? Labels, byte[]? Purity);

/// <summary>
/// Renders a case's CT volumes: each slice is sampled through its thickness (<see cref="ScanProtocol.SubSamples"/>
/// planes) at every pixel inside the head's outline, the baseline and follow-up hematomas drawn into the same
/// anatomy, then averaged, blurred and given noise by the <see cref="ScannerModel"/> (a different realisation for the
/// follow-up scan). Slices are independent and rendered in parallel; the result does not depend on scheduling.
/// </summary>
public static class CtRenderer
{
    /// <summary>How many following pixels may reuse one evaluation, at most.</summary>
    private const int MaxReuse = 4;

    /// <summary>Clearances come from approximate distances: trust 70 % of them.</summary>
    private const float SafetyFactor = 0.7f;

    public static RenderedCase Render(SyntheticCase scan, RenderRequest request)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(request);
        var size = scan.Geometry.Size;
        int width = size.X;
        int height = size.Y;
        int plane = width * height;
        var baseline = new short[size.VoxelCount];
        var followUp = request.FollowUp ? new short[size.VoxelCount] : null;
        var labels = request.Labels ? new byte[size.VoxelCount] : null;
        var purity = request.Purity ? new byte[size.VoxelCount] : null;
        var scanner = request.NoiseFree ? scan.Scanner.WithoutNoise() : scan.Scanner;
        var kernel = scanner.PsfKernel(scan.PixelSpacingMm);
        // Warm the shared lattices once, outside the parallel loop.
        _ = scan.Phantom.Cortex;
        Parallel.For(0, size.Z, () => new SliceBuffers(plane), [MethodImpl(Hot.Loop)] (int k, ParallelLoopState _, SliceBuffers buffers) =>
        {
            RenderSlice(scan, request, k, buffers);
            double headZ = scan.Pose.ToHead(scan.World(width / 2.0, height / 2.0, k)).Z;
            double sigma = scanner.NoiseSigmaHu * ScannerModel.NoiseScaleAt(headZ);
            Finish(buffers.Baseline, buffers.Scratch, scanner, kernel, width, height, sigma, RandomDraws.Mix(scanner.NoiseSeed, k), baseline.AsSpan(k * plane, plane));
            if (followUp is not null)
            {
                Finish(buffers.FollowUp, buffers.Scratch, scanner, kernel, width, height, sigma, RandomDraws.Mix(scan.FollowUpNoiseSeed, k), followUp.AsSpan(k * plane, plane));
            }

            if (labels is not null)
            {
                buffers.Labels.CopyTo(labels.AsSpan(k * plane, plane));
            }
            if (purity is not null)
            {
                for (int i = 0; i < plane; i++)
                {
                    purity[(k * plane) + i] = buffers.Mixed[i] ? (byte)0 : (byte)Math.Clamp((int)(buffers.Clearance[i] * 10), 1, 255);
                }
            }

            return buffers;
        }, _ => { });

        return new RenderedCase(baseline, followUp, labels, purity);
    }

    [MethodImpl(Hot.Loop)]
    private static void RenderSlice(SyntheticCase scan, RenderRequest request, int k, SliceBuffers buffers)
    {
        var size = scan.Geometry.Size;
        int width = size.X;
        var phantom = scan.Phantom;
        float ramp = (float)scan.PixelSpacingMm;
        float air = phantom.Densities.Air;
        int samples = scan.Protocol.SubSamples;
        int centreSample = samples / 2;
        var pose = scan.Pose;
        var baselineScene = scan.Baseline;
        var followScene = request.FollowUp ? scan.FollowUp : null;
        bool anyIvh = baselineScene.VentricularBlood is not null || followScene?.VentricularBlood is not null;
        Array.Fill(buffers.Labels, (byte)TissueLabel.Air);
        Array.Fill(buffers.Clearance, float.MaxValue);
        Array.Fill(buffers.Mixed, false);
        var firstLabel = buffers.FirstLabel;
        // Clearances are in template mm; a pixel, and the step between samples through the slice, are at most these.
        float pixelTemplate = ramp / phantom.MinScale;
        float reuseScale = SafetyFactor * phantom.MinScale / ramp;
        float depthStep = (float)(scan.Protocol.SliceThicknessMm / samples);
        float depthTemplate = depthStep / phantom.MinScale;
        float depthReuseScale = SafetyFactor * phantom.MinScale / depthStep;
        var step = pose.DirectionToHead(HeadPose.Of(scan.Geometry.RowDirection) * (float)scan.Geometry.Spacing.X);
        var rowHeads = buffers.RowHeads;
        var spans = buffers.Spans;
        var cached = buffers.Cached;
        var reuse = buffers.Reuse;
        for (int y = 0; y < size.Y; y++)
        {
            int row = y * width;
            float worldY = 0;
            int first = width;
            int last = -1;
            for (int s = 0; s < samples; s++)
            {
                double kk = k + (scan.Protocol.SubSampleOffset(s) / scan.Geometry.Spacing.Z);
                var rowStart = scan.World(0, y, kk);
                worldY = rowStart.Y;
                // Each pixel from the row's start (not by accumulation), exactly as the rasteriser computes it.
                rowHeads[s] = pose.ToHead(rowStart);
                spans[s] = HeadSpan(phantom, rowHeads[s], step, width, ramp);
                first = Math.Min(first, spans[s].First);
                last = Math.Max(last, spans[s].Last);
                reuse[s] = 0;
            }

            for (int x = 0; x < width; x++)
            {
                int i = row + x;
                if (x < first || x > last)
                {
                    buffers.Baseline[i] = air * samples;
                    buffers.FollowUp[i] = air * samples;
                    continue;
                }

                float sumBaseline = 0;
                float sumFollowUp = 0;
                var fromBelow = default(AnatomySample);
                int coverBelow = 0;
                for (int s = 0; s < samples; s++)
                {
                    var head = rowHeads[s] + (x * step);
                    AnatomySample a;
                    if (x < spans[s].First || x > spans[s].Last)
                    {
                        a = new AnatomySample { Hu = air, Label = TissueLabel.Air, Clearance = 25.5f };
                        coverBelow = 0;
                    }
                    else if (reuse[s] > 0)
                    {
                        // Within the clearance of a point evaluated to the left: the anatomy is the same here.
                        reuse[s]--;
                        cached[s].Clearance -= pixelTemplate;
                        a = cached[s];
                    }
                    else if (coverBelow > 0)
                    {
                        // Within the clearance of the sample just below in the slab.
                        coverBelow--;
                        fromBelow.Clearance -= depthTemplate;
                        a = fromBelow;
                        cached[s] = a;
                        reuse[s] = Reusable(a) ? Math.Min(MaxReuse, (int)(a.Clearance * reuseScale) - 1) : 0;
                    }
                    else
                    {
                        phantom.Sample(head, out a);
                        cached[s] = a;
                        reuse[s] = Reusable(a) ? Math.Min(MaxReuse, (int)(a.Clearance * reuseScale) - 1) : 0;
                        fromBelow = a;
                        coverBelow = Reusable(a) ? (int)(a.Clearance * depthReuseScale) : 0;
                    }

                    var b = a;
                    var f = a;
                    if (a.Envelope > 0 || (anyIvh && a.Ventricle > 0))
                    {
                        bool near = baselineScene.InBounds(head) || (followScene?.InBounds(head) ?? false);
                        float surface = near ? baselineScene.SurfaceDistance(head) : float.PositiveInfinity;
                        baselineScene.Apply(head, worldY, ref b, ramp, surface);
                        followScene?.Apply(head, worldY, ref f, ramp, surface);
                    }

                    sumBaseline += b.Hu;
                    sumFollowUp += f.Hu;
                    if (s == centreSample)
                    {
                        buffers.Labels[i] = (byte)b.Label;
                    }

                    if (request.Purity)
                    {
                        buffers.Clearance[i] = MathF.Min(buffers.Clearance[i], a.Clearance);
                        if (s == 0)
                        {
                            firstLabel[i] = (byte)b.Label;
                        }
                        else if (firstLabel[i] != (byte)b.Label)
                        {
                            buffers.Mixed[i] = true;
                        }
                    }
                }

                buffers.Baseline[i] = sumBaseline;
                buffers.FollowUp[i] = sumFollowUp;
            }
        }

        float inverse = 1f / samples;
        for (int i = 0; i < buffers.Baseline.Length; i++)
        {
            buffers.Baseline[i] *= inverse;
            buffers.FollowUp[i] *= inverse;
        }

        if (request.Purity)
        {
            for (int i = 0; i < buffers.Baseline.Length; i++)
            {
                if (firstLabel[i] == 0 && buffers.Clearance[i] == float.MaxValue)
                {
                    buffers.Clearance[i] = 25.5f;
                }
            }
        }
    }

    [MethodImpl(Hot.Loop)]
    private static void Finish(float[] plane, float[] scratch, ScannerModel scanner, float[] kernel, int width, int height, double sigma, int seed, Span<short> output)
    {
        ScannerModel.Blur(plane, scratch, width, height, kernel);
        scanner.AddNoise(plane, scratch, width, height, sigma, seed);
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = ScannerModel.Quantise(plane[i]);
        }
    }

    /// <summary>
    /// Whether a sample's value holds unchanged within its clearance: tissues of constant attenuation (bone and the
    /// air cells have texture).
    /// </summary>
    [MethodImpl(Hot.Inline)]
    private static bool Reusable(in AnatomySample a) =>
        a.Label is not (TissueLabel.CorticalBone or TissueLabel.Diploe or TissueLabel.SinusAir) && a.Clearance > 0;

    /// <summary>
    /// The first and last pixel of a row that can be inside the head, found by sphere tracing from both ends with
    /// the phantom's outline bound (an empty span has last &lt; first).
    /// </summary>
    [MethodImpl(Hot.Loop)]
    private static (int First, int Last) HeadSpan(HeadPhantom phantom, Vector3 rowHead, Vector3 step, int width, float pixel)
    {
        int first = 0;
        while (first < width)
        {
            float d = phantom.OutlineBound(rowHead + (first * step));
            if (d <= pixel)
            {
                break;
            }

            first += Math.Max(1, (int)(d / pixel));
        }

        if (first >= width)
        {
            return (width, width - 1);
        }

        int last = width - 1;
        while (last > first)
        {
            float d = phantom.OutlineBound(rowHead + (last * step));
            if (d <= pixel)
            {
                break;
            }

            last -= Math.Max(1, (int)(d / pixel));
        }

        return (Math.Max(0, first - 1), Math.Min(width - 1, Math.Max(first, last) + 1));
    }

    private sealed class SliceBuffers(int plane)
    {
        public float[] Baseline { get; } = new float[plane];

        public float[] FollowUp { get; } = new float[plane];

        public float[] Scratch { get; } = new float[plane];

        public byte[] Labels { get; } = new byte[plane];

        public byte[] FirstLabel { get; } = new byte[plane];

        public float[] Clearance { get; } = new float[plane];

        public bool[] Mixed { get; } = new bool[plane];

        public Vector3[] RowHeads { get; } = new Vector3[64];

        public (int First, int Last)[] Spans { get; } = new (int, int)[64];

        public AnatomySample[] Cached { get; } = new AnatomySample[64];

        public int[] Reuse { get; } = new int[64];
    }
}
