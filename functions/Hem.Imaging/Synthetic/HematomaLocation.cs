using System.Numerics;

namespace Hem.Imaging.Synthetic;

/// <summary>Where spontaneous intracerebral hemorrhages arise, with the share of each in the generator.</summary>
public enum HematomaLocation
{
    /// <summary>Putamen and the surrounding basal ganglia: the commonest site of hypertensive hemorrhage.</summary>
    BasalGanglia,
    Thalamus,

    /// <summary>Cortical-subcortical, in one of the four lobes (amyloid angiopathy, vascular malformations).</summary>
    Lobar,
    Cerebellum,
    Brainstem,
}

/// <summary>Names used in case.json.</summary>
public static class HematomaLocationNames
{
    public static string ToName(this HematomaLocation location) => location switch
    {
        HematomaLocation.BasalGanglia => "basal-ganglia",
        HematomaLocation.Thalamus => "thalamus",
        HematomaLocation.Lobar => "lobar",
        HematomaLocation.Cerebellum => "cerebellum",
        HematomaLocation.Brainstem => "brainstem",
        _ => throw new ArgumentOutOfRangeException(nameof(location)),
    };
}

/// <summary>
/// Where a case's hematoma lies: location class, side, lobe, centre and the orientation of its long axis (head
/// coordinates). Shares follow hospital series of spontaneous ICH: deep (basal ganglia) about 40 %, thalamus
/// 15 %, lobar 32 %, cerebellum 8 %, brainstem 5 %; volumes scale by location (thalamic and brainstem hemorrhages
/// are smaller, lobar ones larger), see <see cref="VolumeFactor"/>.
/// </summary>
public sealed record HematomaPlacement(HematomaLocation Location, int Side, string? Lobe, Vector3 Centre, Vector3 Aspect, float Yaw, float Pitch, float Roll)
{
    private static readonly double[] Shares = [0.40, 0.15, 0.32, 0.08, 0.05];

    /// <summary>"left" (patient left, +x in LPS), "right" or "midline".</summary>
    public string SideName => Side switch { > 0 => "left", < 0 => "right", _ => "midline" };

    public byte Compartment => CompartmentOf(Location);

    public static byte CompartmentOf(HematomaLocation location) =>
        location is HematomaLocation.Cerebellum or HematomaLocation.Brainstem ? HeadPhantom.Infratentorial : HeadPhantom.Supratentorial;

    public static HematomaLocation DrawLocation(Random random) => (HematomaLocation)random.PickWeighted(Shares);

    /// <summary>Multiplies the case's volume draw: where the location's hematomas are smaller or larger than typical.</summary>
    public static double VolumeFactor(HematomaLocation location) => location switch
    {
        HematomaLocation.Thalamus => 0.6,
        HematomaLocation.Lobar => 1.35,
        HematomaLocation.Cerebellum => 0.75,
        HematomaLocation.Brainstem => 0.3,
        _ => 1.0,
    };

    /// <summary>The largest volume (mL) that fits the location's compartment plausibly.</summary>
    public static double VolumeCap(HematomaLocation location) => location switch
    {
        HematomaLocation.Thalamus => 35,
        HematomaLocation.Cerebellum => 40,
        HematomaLocation.Brainstem => 12,
        _ => 110,
    };

    /// <summary>
    /// Places a hematoma of equivalent-sphere radius <paramref name="radius"/> mm. Deep sites are fixed
    /// anatomically (and move outward as the hematoma grows, as large ganglionic bleeds extend to the insula and
    /// corona radiata); lobar ones start from a random point of the convexity and sit deep enough to stay in brain.
    /// </summary>
    public static HematomaPlacement Draw(Random random, HeadPhantom phantom, HematomaLocation location, float radius)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(phantom);
        int side = random.Chance(0.5) ? 1 : -1;
        var jitter = new Vector3(random.UniformF(-1, 1), random.UniformF(-1, 1), random.UniformF(-1, 1));
        switch (location)
        {
            case HematomaLocation.BasalGanglia:
            {
                float outward = MathF.Max(0, radius - 10) * 0.35f;
                var template = new Vector3(side * (25 + outward), -3 + (radius * 0.1f), 3 + (radius * 0.15f)) + (3 * jitter);
                return new(location, side, null, phantom.FromTemplate(template), Normalise(new Vector3(0.8f, 1.35f, 0.95f)), side * random.UniformF(0.0, 0.3), random.UniformF(-0.2, 0.2), random.UniformF(-0.15, 0.15));
            }

            case HematomaLocation.Thalamus:
            {
                float outward = MathF.Max(0, radius - 9) * 0.3f;
                var template = new Vector3(side * (11 + outward), 14, 7 + (radius * 0.1f)) + (2 * jitter);
                return new(location, side, null, phantom.FromTemplate(template), Normalise(new Vector3(0.95f, 1.15f, 0.95f)), random.UniformF(-0.3, 0.3), random.UniformF(-0.2, 0.2), 0);
            }

            case HematomaLocation.Cerebellum:
            {
                var template = new Vector3(side * 23, 50, -38) + (4 * jitter);
                return new(location, side, null, phantom.FromTemplate(template), Normalise(new Vector3(1.05f, 1.0f, 0.85f)), random.UniformF(-0.4, 0.4), 0, 0);
            }

            case HematomaLocation.Brainstem:
            {
                var template = new Vector3(0, 17, -28) + new Vector3(2 * jitter.X, 2 * jitter.Y, 4 * jitter.Z);
                return new(location, 0, null, phantom.FromTemplate(template), Normalise(new Vector3(0.9f, 0.9f, 1.25f)), 0, random.UniformF(-0.2, 0.2), 0);
            }

            default:
                return DrawLobar(random, phantom, radius);
        }
    }

    private static HematomaPlacement DrawLobar(Random random, HeadPhantom phantom, float radius)
    {
        for (int attempt = 0; ; attempt++)
        {
            var direction = Vector3.Normalize(new Vector3(random.UniformF(-1, 1), random.UniformF(-1.1, 1.1), random.UniformF(-0.35, 1)));
            if (MathF.Abs(direction.X) < 0.3f && attempt < 50)
            {
                continue;
            }

            // March out from the thalamic level to the inner table, then come back in.
            float reach = 0;
            while (reach < 120 && Cranium.CavityDistance(reach * direction) < 0)
            {
                reach += 0.5f;
            }

            float depth = 9 + (0.85f * radius) + random.UniformF(0, 6);
            var template = (reach - depth) * direction;
            var head = phantom.FromTemplate(template);
            phantom.Confinement(head, out var here);
            bool inBrain = here.Envelope > 0.99f && here.Compartment == HeadPhantom.Supratentorial && reach - depth > 25;
            if (!inBrain && attempt < 50)
            {
                continue;
            }

            string lobe = direction.Y < -0.35f ? "frontal" : direction.Y > 0.55f ? "occipital" : direction.Z < 0.15f && MathF.Abs(direction.X) > 0.5f ? "temporal" : "parietal";
            var aspect = Normalise(new Vector3(random.UniformF(0.8, 1.25), random.UniformF(0.8, 1.25), random.UniformF(0.8, 1.2)));
            return new(HematomaLocation.Lobar, direction.X >= 0 ? 1 : -1, lobe, head, aspect, random.UniformF(-MathF.PI, MathF.PI), random.UniformF(-0.5, 0.5), random.UniformF(-0.5, 0.5));
        }
    }

    /// <summary>Scales the axis ratios so their product is 1: the ellipsoid keeps the equivalent sphere's volume.</summary>
    private static Vector3 Normalise(Vector3 aspect) => aspect / MathF.Cbrt(aspect.X * aspect.Y * aspect.Z);
}
