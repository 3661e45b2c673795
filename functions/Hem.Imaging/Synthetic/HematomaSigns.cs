namespace Hem.Imaging.Synthetic;

/// <summary>The baseline CT signs drawn for a case (what case.json reports under "signs").</summary>
public sealed record HematomaSigns(bool Irregular, bool Swirl, bool Blend, bool BlackHole, bool Island, bool Ivh, bool Oedema)
{
    /// <summary>Any density sign: the heterogeneous hematomas.</summary>
    public bool Heterogeneous => Swirl || Blend || BlackHole;

    public int Count => (Irregular ? 1 : 0) + (Swirl ? 1 : 0) + (Blend ? 1 : 0) + (BlackHole ? 1 : 0) + (Island ? 1 : 0);

    /// <summary>
    /// Draws the signs for a hematoma of <paramref name="volumeMl"/> at <paramref name="location"/>. Shape and
    /// density signs are commoner in larger hematomas (all the sign papers report larger baseline volumes with the
    /// sign present); blend and black hole are drawn as alternatives. Intraventricular extension follows location:
    /// most thalamic hemorrhages, a third of ganglionic ones, few lobar ones.
    /// </summary>
    public static HematomaSigns Draw(Random random, double volumeMl, HematomaLocation location)
    {
        ArgumentNullException.ThrowIfNull(random);
        double lv = Math.Log(volumeMl / 15.0);
        bool irregular = random.Chance(Logistic(-0.35 + (0.9 * lv)));
        bool swirl = random.Chance(Logistic(-1.05 + (0.8 * lv)));
        double pattern = random.NextDouble();
        double blendShare = Logistic(-1.75 + (0.5 * lv));
        double holeShare = Logistic(-2.0 + (0.5 * lv));
        bool blend = pattern < blendShare;
        bool blackHole = !blend && pattern < blendShare + holeShare;
        bool island = random.Chance(Logistic(-2.0 + (0.75 * lv)));
        double ivhShare = location switch
        {
            HematomaLocation.Thalamus => 0.6,
            HematomaLocation.BasalGanglia => 0.3,
            HematomaLocation.Lobar => 0.1,
            HematomaLocation.Cerebellum => 0.25,
            _ => 0.2,
        };
        bool ivh = random.Chance(ivhShare);
        bool oedema = random.Chance(0.45);
        return new HematomaSigns(irregular, swirl, blend, blackHole, island, ivh, oedema);
    }

    public static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
