namespace Hem.Inference;

/// <summary>One GET of a health endpoint: 0 when it answers 2xx within 5 s, 1 otherwise.</summary>
public static class HealthProbe
{
    public static async Task<int> RunAsync(Uri url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(url);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }
}
