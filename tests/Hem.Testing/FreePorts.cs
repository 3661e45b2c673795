using Hem.LocalHost.Processes;

namespace Hem.Testing;

/// <summary>Picks loopback ports nobody listens on (<see cref="LoopbackPorts"/>). A port can be taken again before use; callers retry.</summary>
public static class FreePorts
{
    public static int[] Take(int count) => LoopbackPorts.TakeFree(count);
}
