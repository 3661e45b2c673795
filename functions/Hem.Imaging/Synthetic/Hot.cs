using System.Runtime.CompilerServices;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// How the generator's per-voxel code is compiled: straight to fully optimised code, skipping the JIT's quick first
/// tier, so the first case a process renders is as fast as the rest (the project itself is built optimised in
/// every configuration, see Hem.Imaging.csproj).
/// </summary>
internal static class Hot
{
    /// <summary>Small helpers called per sample: inlined and optimised.</summary>
    public const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization;

    /// <summary>Methods holding per-voxel loops: optimised at once (no tiering).</summary>
    public const MethodImplOptions Loop = MethodImplOptions.AggressiveOptimization;
}
