using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Hem.Testing;

namespace Hem.Pipeline.Tests;

public sealed class AzuriteFixtureTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Writes_lists_and_reads_blobs_through_the_Azure_SDK()
    {
        var ct = TestContext.Current.CancellationToken;
        var container = azurite.CreateBlobServiceClient().GetBlobContainerClient("fixture-" + Guid.NewGuid().ToString("N"));
        await container.CreateAsync(cancellationToken: ct);

        var written = new Dictionary<string, string>
        {
            ["incoming/study-a.zip"] = "first study bytes",
            ["incoming/folder/_READY"] = string.Empty,
            ["results/key/v1/volumes.json"] = "{\"baselineVolumeMl\":12.5}",
        };
        foreach (var (name, text) in written)
        {
            await container.UploadBlobAsync(name, BinaryData.FromString(text), ct);
        }

        var listed = new List<string>();
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "incoming/", ct))
        {
            listed.Add(item.Name);
        }

        Assert.Equal(["incoming/folder/_READY", "incoming/study-a.zip"], listed.Order());
        foreach (var (name, text) in written)
        {
            var content = await container.GetBlobClient(name).DownloadContentAsync(ct);
            Assert.Equal(text, Encoding.UTF8.GetString(content.Value.Content.ToArray()));
        }
    }

    [Fact]
    public void Listens_only_on_loopback()
    {
        Assert.Equal("127.0.0.1", azurite.BlobEndpoint.Host);
        Assert.Contains("127.0.0.1:" + azurite.QueuePort, azurite.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:" + azurite.TablePort, azurite.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_the_fixture_stops_the_server_and_removes_its_data()
    {
        var ct = TestContext.Current.CancellationToken;
        var own = new AzuriteFixture();
        await own.InitializeAsync();
        var client = new BlobServiceClient(own.ConnectionString);
        await client.GetBlobContainerClient("probe").CreateAsync(cancellationToken: ct);
        Uri endpoint = own.BlobEndpoint;
        await own.DisposeAsync();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(endpoint, ct));
    }
}
