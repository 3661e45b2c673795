using System.Runtime.CompilerServices;

namespace Hem.Imaging.Morphology;

/// <summary>
/// Distances along a row, in voxels, to the nearest feature voxel of the same row, saturated at a cap: 0 on the
/// features, 1..cap - 1 near them, cap where the nearest is cap or more voxels away or the row holds none.
/// Nothing beyond the row's ends counts as a feature.
/// </summary>
/// <remarks>
/// Works run by run: the row is set to the cap with vector fills, then each run of features is zeroed and ramps
/// of at most cap - 1 voxels are written beside it, so a row costs its length over the vector width plus its runs,
/// not a pass per voxel.
/// </remarks>
internal static class RowDistances
{
    /// <summary>Voxels per tile of the tile masks: bit t of a mask stands for voxels 32t..32t + 31 of a row.</summary>
    public const int TileWidth = 32;

    /// <summary>
    /// Fills <paramref name="distance"/> for one row and returns the tiles with a voxel within <paramref name="reach"/>
    /// voxels of a feature (0 for a row without features).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Measure(ReadOnlySpan<byte> row, Span<byte> distance, bool featureIsForeground, byte cap, int reach)
    {
        distance.Fill(cap);
        int n = row.Length;
        int x = 0;
        ulong tiles = 0;
        while (x < n)
        {
            var rest = row[x..];
            int start = featureIsForeground ? rest.IndexOfAnyExcept((byte)0) : rest.IndexOf((byte)0);
            if (start < 0)
            {
                break;
            }

            start += x;
            rest = row[start..];
            int length = featureIsForeground ? rest.IndexOf((byte)0) : rest.IndexOfAnyExcept((byte)0);
            int end = length < 0 ? n : start + length;
            tiles |= Tiles(Math.Max(0, start - reach), Math.Min(n - 1, end - 1 + reach));
            distance[start..end].Clear();

            // The left ramp may meet the right ramp of the run before: keep the smaller.
            for (int k = 1; k < cap && start - k >= 0 && distance[start - k] > k; k++)
            {
                distance[start - k] = (byte)k;
            }

            // The right ramp is provisional: a later run zeroes its own voxels and lowers what lies before it.
            for (int k = 1; k < cap && end - 1 + k < n; k++)
            {
                distance[end - 1 + k] = (byte)k;
            }

            x = end;
        }

        return tiles;
    }

    /// <summary>
    /// The tiles holding voxels <paramref name="first"/>..<paramref name="last"/>. Tiles past the 64th count as the
    /// 64th, which keeps the masks conservative on rows over 2048 voxels: there they skip less, never wrongly.
    /// </summary>
    public static ulong Tiles(int first, int last)
    {
        int from = Math.Min(63, first / TileWidth);
        int to = Math.Min(63, last / TileWidth);

        // Bits from..to; at to = 63 the shift wraps to 0 and the subtraction still leaves the right bits.
        return (2UL << to) - (1UL << from);
    }
}
