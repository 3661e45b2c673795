using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// The distributions the generator draws from, on top of a seeded <see cref="Random"/>: every draw of a case comes
/// from the one generator the case was created with, so a seed always gives the same case.
/// </summary>
public static class RandomDraws
{
    public static double Uniform(this Random random, double low, double high)
    {
        ArgumentNullException.ThrowIfNull(random);
        return low + ((high - low) * random.NextDouble());
    }

    public static float UniformF(this Random random, double low, double high) => (float)random.Uniform(low, high);

    /// <summary>Box-Muller; one of the pair is dropped so the stream position never depends on earlier calls.</summary>
    public static double Normal(this Random random, double mean, double sd)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return mean + (sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    public static double LogNormal(this Random random, double median, double logSd) => median * Math.Exp(random.Normal(0, logSd));

    public static bool Chance(this Random random, double probability)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.NextDouble() < probability;
    }

    /// <summary>Picks an index with probability proportional to its weight.</summary>
    public static int PickWeighted(this Random random, ReadOnlySpan<double> weights)
    {
        ArgumentNullException.ThrowIfNull(random);
        double total = 0;
        foreach (double w in weights)
        {
            total += w;
        }

        double target = random.NextDouble() * total;
        for (int i = 0; i < weights.Length; i++)
        {
            target -= weights[i];
            if (target < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    public static T Pick<T>(this Random random, IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(items);
        return items[random.Next(items.Count)];
    }

    /// <summary>A seed for a sub-stream (a slice's noise, say) drawn from the case's generator.</summary>
    public static int NextSeed(this Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.Next();
    }

    /// <summary>
    /// The seed of case <paramref name="caseIndex"/> of a run started with <paramref name="runSeed"/>: a hash, so
    /// neighbouring cases are unrelated and any case can be regenerated on its own.
    /// </summary>
    public static int CaseSeed(long runSeed, int caseIndex)
    {
        Span<byte> input = stackalloc byte[12];
        BinaryPrimitives.WriteInt64LittleEndian(input, runSeed);
        BinaryPrimitives.WriteInt32LittleEndian(input[8..], caseIndex);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return BinaryPrimitives.ReadInt32LittleEndian(hash) & int.MaxValue;
    }

    /// <summary>Mixes two integers into one seed (slice index into a volume's noise seed).</summary>
    public static int Mix(int seed, int value)
    {
        ulong z = ((ulong)(uint)seed << 32) | (uint)value;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & int.MaxValue);
    }
}
