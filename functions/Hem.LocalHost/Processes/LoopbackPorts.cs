using System.Net;
using System.Net.Sockets;

namespace Hem.LocalHost.Processes;

/// <summary>Loopback ports: free ones to listen on, and whether something already listens on one.</summary>
public static class LoopbackPorts
{
    /// <summary>How many free ports a server tries before it gives up, when each is taken before the server binds it.</summary>
    public const int TakenPortTries = 3;

    /// <summary>Ports nobody listens on now. One can be taken again before it is used; callers that bind later retry.</summary>
    public static int[] TakeFree(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    /// <summary>Whether a process accepts connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, limit.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
