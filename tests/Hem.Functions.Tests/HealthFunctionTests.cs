using Hem.Pipeline.Health;
using Hem.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Hem.Functions.Tests;

public sealed class HealthFunctionTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Answers_200_with_version_and_dependencies_when_storage_answers()
    {
        var reporter = new HealthReporter("Hem.Functions", "9.9.9",
            [new BlobStorageCheck(azurite.CreateBlobServiceClient(), "incoming"), new InferenceServiceCheck(new HttpClient(), null)], Timeout);

        var result = Assert.IsType<ObjectResult>(await new HealthFunction(reporter).RunAsync(new DefaultHttpContext().Request, TestContext.Current.CancellationToken));

        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        var report = Assert.IsType<HealthReport>(result.Value);
        Assert.Equal("9.9.9", report.Version);
        Assert.Equal(["blobStorage", "inferenceService"], report.Dependencies.Select(d => d.Name));
    }

    [Fact]
    public async Task Answers_503_when_storage_is_not_configured()
    {
        var reporter = new HealthReporter("Hem.Functions", "9.9.9",
            [new BlobStorageCheck(null, "incoming"), new InferenceServiceCheck(new HttpClient(), null)], Timeout);

        var result = Assert.IsType<ObjectResult>(await new HealthFunction(reporter).RunAsync(new DefaultHttpContext().Request, TestContext.Current.CancellationToken));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, result.StatusCode);
    }
}
