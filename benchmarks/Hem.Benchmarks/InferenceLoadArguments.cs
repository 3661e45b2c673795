using System.Globalization;

namespace Hem.Benchmarks;

/// <summary>
/// `inference-load --url URL --key KEY [--requests 20] [--clients 1,2,4]`: the service to load, its key, the timed
/// requests per client count (warm-up requests not counted) and the client counts to try.
/// </summary>
internal sealed record InferenceLoadArguments(Uri Url, string Key, int Requests, IReadOnlyList<int> Clients)
{
    public const string Usage = "inference-load --url http://127.0.0.1:PORT --key KEY [--requests 20] [--clients 1,2,4]";

    public static InferenceLoadArguments Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < args.Count; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        if (args.Count % 2 != 0 || values.Keys.Any(k => k is not ("--url" or "--key" or "--requests" or "--clients"))
            || !values.TryGetValue("--url", out string? url) || !values.TryGetValue("--key", out string? key))
        {
            throw new ArgumentException("--url and --key are required; the other options are --requests and --clients");
        }

        int requests = int.Parse(values.GetValueOrDefault("--requests", "20"), CultureInfo.InvariantCulture);
        int[] clients = values.GetValueOrDefault("--clients", "1,2,4").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        if (requests < 1 || clients.Length == 0 || clients.Any(c => c < 1))
        {
            throw new ArgumentException("--requests and every --clients count must be at least 1");
        }

        return new InferenceLoadArguments(new Uri(url, UriKind.Absolute), key, requests, clients);
    }
}
