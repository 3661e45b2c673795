using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hem.Dicom.Series;
using Hem.Imaging.Volumes;
using Hem.Inference.Tests;
using Hem.Pipeline.Inference;
using Hem.Prediction.Grid;
using Hem.Prediction.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hem.Pipeline.Tests.Inference;

/// <summary>
/// Answers the real service never gives (a gateway's 502, a body that is not a bundle, another grid) and the
/// request as sent, through a handler that plays the service.
/// </summary>
public sealed class InferenceClientAnswerTests
{
    private static readonly Uri Service = new("http://inference.test/base");

    private static ModelInput Input => StudyInputs.Make(new GridSize(32, 32, 32));

    [Fact]
    public async Task The_request_is_a_bundle_with_its_length_the_key_and_the_probability_flag()
    {
        var input = Input;
        HttpRequestMessage? sent = null;
        byte[] body = [];
        var client = Client(async (request, ct) =>
        {
            sent = request;
            body = await request.Content!.ReadAsByteArrayAsync(ct);
            return await AnswerAsync(PredictionBundles.Response(input.Brain, input.Mask));
        });

        var prediction = await client.PredictAsync(input, probability: true, TestContext.Current.CancellationToken);

        Assert.Equal(new Uri("http://inference.test/base/v1/predictions?probability=true"), sent!.RequestUri);
        Assert.Equal("the-key", sent.Headers.GetValues("X-Api-Key").Single());
        Assert.Equal(VolumeBundle.MediaType, sent.Content!.Headers.ContentType?.MediaType);
        Assert.Equal(await StudyInputs.RequestBytesAsync(input), body);
        Assert.Equal(body.LongLength, sent.Content.Headers.ContentLength);
        Assert.Equal(input.Brain.Voxels, prediction.Mask.Voxels);
        Assert.Equal(input.Mask.Voxels, prediction.Probability!.Voxels);
        Assert.Equal(("1.2.3", 8), (prediction.ModelVersion, prediction.Windows));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task Gateway_faults_throttling_and_server_errors_are_transient(HttpStatusCode status)
    {
        var client = Client((_, _) => Task.FromResult(Problem(status)));

        var ex = await Assert.ThrowsAsync<TransientInferenceException>(() => client.PredictAsync(Input, false, TestContext.Current.CancellationToken));

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal("urn:test:fault", ex.ProblemType);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge)]
    [InlineData(HttpStatusCode.NotImplemented)]
    public async Task Other_errors_are_permanent_with_their_problem(HttpStatusCode status)
    {
        var client = Client((_, _) => Task.FromResult(Problem(status)));

        var ex = await Assert.ThrowsAsync<PermanentInferenceException>(() => client.GetModelCardAsync(TestContext.Current.CancellationToken));

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(("urn:test:fault", "the fault"), (ex.ProblemType, ex.Detail));
        Assert.EndsWith("(urn:test:fault): the fault", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_page_that_is_not_problem_details_is_still_classified()
    {
        var client = Client((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("<html>not here</html>", Encoding.UTF8, "text/html") }));

        var ex = await Assert.ThrowsAsync<PermanentInferenceException>(() => client.PredictAsync(Input, false, TestContext.Current.CancellationToken));

        Assert.Equal((HttpStatusCode.NotFound, null, null), (ex.StatusCode, ex.ProblemType, ex.Detail));
        Assert.DoesNotContain("html", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_on_another_grid_is_permanent()
    {
        var input = Input;
        var g = input.Brain.Geometry;
        var shifted = new VolumeGeometry(g.Size, g.Spacing, g.Origin + new Vector3D(1.5, 0, 0), g.RowDirection, g.ColumnDirection, g.SliceDirection);
        var client = Client(async (_, _) => await AnswerAsync(PredictionBundles.Response(new Volume<byte>(shifted, input.Brain.Voxels), null)));

        var ex = await Assert.ThrowsAsync<PermanentInferenceException>(() => client.PredictAsync(input, false, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Contains("is not the request's", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_is_not_a_bundle_is_permanent()
    {
        var client = Client(async (_, ct) =>
        {
            var answer = await AnswerAsync(PredictionBundles.Response(Input.Brain, null));
            byte[] bytes = await answer.Content.ReadAsByteArrayAsync(ct);
            bytes[0] = (byte)'X';
            answer.Content = Bundle(bytes);
            return answer;
        });

        var ex = await Assert.ThrowsAsync<PermanentInferenceException>(() => client.PredictAsync(Input, false, TestContext.Current.CancellationToken));

        Assert.IsType<VolumeBundleException>(ex.InnerException);
        Assert.Contains("HEMV", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_without_the_asked_for_probability_is_permanent()
    {
        var client = Client(async (_, _) => await AnswerAsync(PredictionBundles.Response(Input.Brain, null)));

        var ex = await Assert.ThrowsAsync<PermanentInferenceException>(() => client.PredictAsync(Input, true, TestContext.Current.CancellationToken));

        Assert.Contains(PredictionBundles.FollowupProbability, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_answer_within_the_time_limit_is_transient_but_the_callers_cancellation_is_not()
    {
        var client = Client(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        }, TimeSpan.FromMilliseconds(200));

        var ex = await Assert.ThrowsAsync<TransientInferenceException>(() => client.PredictAsync(Input, false, TestContext.Current.CancellationToken));
        Assert.Contains("limit is 0.2 s", ex.Message, StringComparison.Ordinal);

        using var cancelled = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.PredictAsync(Input, false, cancelled.Token));
    }

    [Fact]
    public void Registration_without_a_base_url_fails_when_the_client_is_resolved_and_names_the_setting()
    {
        using var provider = new ServiceCollection().AddInferenceClient(new ConfigurationBuilder().Build()).BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(provider.GetRequiredService<InferenceClient>);

        Assert.Contains("Hem:InferenceBaseUrl", ex.Message, StringComparison.Ordinal);
    }

    private static InferenceClient Client(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer, TimeSpan? timeout = null) =>
        new(new HttpClient(new ServiceHandler(answer)), new InferenceClientOptions(Service, "the-key", timeout));

    private static async Task<HttpResponseMessage> AnswerAsync(VolumeBundle bundle)
    {
        var answer = new HttpResponseMessage(HttpStatusCode.OK) { Content = Bundle(await StudyInputs.BytesAsync(bundle)) };
        answer.Headers.Add(InferenceClient.ModelVersionHeader, "1.2.3");
        answer.Headers.Add(InferenceClient.WindowsHeader, "8");
        return answer;
    }

    private static ByteArrayContent Bundle(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(VolumeBundle.MediaType);
        return content;
    }

    private static HttpResponseMessage Problem(HttpStatusCode status) => new(status)
    {
        Content = new StringContent("""{"type":"urn:test:fault","title":"Fault","status":0,"detail":"the fault"}""", Encoding.UTF8, "application/problem+json"),
    };

    private sealed class ServiceHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => answer(request, cancellationToken);
    }
}
