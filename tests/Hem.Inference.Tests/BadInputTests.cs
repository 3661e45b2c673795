using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;
using Hem.Dicom.Series;
using Hem.Imaging.Volumes;
using Hem.Prediction.Grid;
using Hem.Prediction.Transport;

namespace Hem.Inference.Tests;

/// <summary>Every class of bad request gets its 4xx with problem details naming the fault, over real HTTP.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private InferenceServer _server = null!;

    // Small enough that a 64^3 study is too large: 100,000 voxels.
    public async ValueTask InitializeAsync() => _server = await InferenceServer.StartAsync(new Dictionary<string, string> { ["MaxVoxels"] = "100000" });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static ModelInput Good => StudyInputs.Make(new GridSize(32, 33, 34));

    [Theory]
    [InlineData(null)]
    [InlineData("application/octet-stream")]
    [InlineData("application/json")]
    public async Task A_body_that_is_not_a_volume_bundle_by_its_media_type_is_415(string? mediaType)
    {
        var content = new ByteArrayContent(await StudyInputs.RequestBytesAsync(Good));
        content.Headers.ContentType = mediaType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);

        await AssertProblemAsync(await _server.PostAsync(content), HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", "application/vnd.hem.volume-bundle");
    }

    [Fact]
    public async Task A_body_without_the_magic_is_400()
    {
        byte[] bytes = await StudyInputs.RequestBytesAsync(Good);
        bytes[0] = (byte)'X';

        await AssertProblemAsync(await _server.PostAsync(InferenceServer.BundleContent(bytes)), HttpStatusCode.BadRequest, "corrupt-payload", "HEMV");
    }

    [Fact]
    public async Task A_body_shorter_than_its_header_says_is_400()
    {
        byte[] bytes = await StudyInputs.RequestBytesAsync(Good);

        await AssertProblemAsync(await _server.PostAsync(InferenceServer.BundleContent(bytes[..^100])), HttpStatusCode.BadRequest, "corrupt-payload", "header describes");
    }

    [Fact]
    public async Task A_body_longer_than_its_header_says_is_400()
    {
        byte[] bytes = [.. await StudyInputs.RequestBytesAsync(Good), 0, 0, 0, 0];

        await AssertProblemAsync(await _server.PostAsync(InferenceServer.BundleContent(bytes)), HttpStatusCode.BadRequest, "corrupt-payload", "header describes");
    }

    [Fact]
    public async Task A_header_that_is_not_json_is_400()
    {
        byte[] bytes = Raw("{\"version\": 1, \"geometry\": ", []);

        await AssertProblemAsync(await _server.PostAsync(InferenceServer.BundleContent(bytes)), HttpStatusCode.BadRequest, "corrupt-payload", "header is not valid");
    }

    [Fact]
    public async Task A_header_with_an_absurd_length_is_400_before_anything_is_read()
    {
        byte[] bytes = new byte[16];
        "HEMV"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 0x7fffffff);

        await AssertProblemAsync(await _server.PostAsync(InferenceServer.BundleContent(bytes)), HttpStatusCode.BadRequest, "corrupt-payload", "header length");
    }

    [Fact]
    public async Task A_channel_of_the_wrong_dtype_is_422()
    {
        var input = Good;
        var bundle = PredictionBundles.Request(input);
        var blocks = bundle.Blocks.ToList();
        blocks[0] = BundleBlock.UInt8(blocks[0].Name, new byte[input.Ct.Voxels.Length]);

        var response = await _server.PostAsync(InferenceServer.BundleContent(await StudyInputs.BytesAsync(bundle with { Blocks = blocks })));

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "wrong-dtype", "'ct-brain-window' must be float32");
    }

    [Fact]
    public async Task A_dtype_the_format_does_not_know_is_422()
    {
        var geometry = Good.Ct.Geometry;
        string header = Header(geometry, ("ct-brain-window", "float64"), ("baseline-mask", "float32"), ("brain", "uint8"));

        var response = await _server.PostAsync(InferenceServer.BundleContent(Raw(header, new byte[geometry.Size.VoxelCount * 17])));

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "wrong-dtype", "float64");
    }

    [Fact]
    public async Task A_grid_smaller_than_the_patch_is_422()
    {
        var input = StudyInputs.Make(new GridSize(40, 40, 20));

        var response = await _server.PostAsync(InferenceServer.BundleContent(await StudyInputs.RequestBytesAsync(input)));

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "wrong-shape", "smaller than the model's patch");
    }

    [Fact]
    public async Task A_missing_brain_block_is_422()
    {
        var bundle = PredictionBundles.Request(Good);
        bundle = bundle with { Blocks = [.. bundle.Blocks.Take(2)] };

        var response = await _server.PostAsync(InferenceServer.BundleContent(await StudyInputs.BytesAsync(bundle)));

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "wrong-shape", "[ct-brain-window, baseline-mask, brain]");
    }

    [Fact]
    public async Task A_grid_not_at_the_cards_spacing_is_422()
    {
        var input = StudyInputs.Make(new GridSize(40, 40, 40), spacingMm: 1.0);

        var response = await _server.PostAsync(InferenceServer.BundleContent(await StudyInputs.RequestBytesAsync(input)));

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "wrong-geometry", "1.5 mm isotropic");
    }

    [Fact]
    public async Task Axes_that_are_not_orthonormal_are_422()
    {
        var geometry = Good.Ct.Geometry;
        string header = Header(geometry, ("ct-brain-window", "float32"), ("baseline-mask", "float32"), ("brain", "uint8"))
            .Replace("\"rowDirection\":{\"x\":1", "\"rowDirection\":{\"x\":2", StringComparison.Ordinal);

        var response = await _server.PostAsync(InferenceServer.BundleContent(Raw(header, new byte[geometry.Size.VoxelCount * 9])));

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "wrong-geometry", "orthonormal");
    }

    [Fact]
    public async Task A_nan_in_a_channel_is_422()
    {
        var input = Good;
        input.Mask.Voxels[1234] = float.NaN;

        var response = await _server.PostAsync(InferenceServer.BundleContent(await StudyInputs.RequestBytesAsync(input)));

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "wrong-values", "NaN");
    }

    [Fact]
    public async Task Hounsfield_units_instead_of_the_normalised_channel_are_422()
    {
        var input = Good;
        var hu = new Volume<float>(input.Ct.Geometry, Array.ConvertAll(input.Ct.Voxels, v => v * 100));

        var response = await _server.PostAsync(InferenceServer.BundleContent(await StudyInputs.RequestBytesAsync(new ModelInput(hu, input.Mask, input.Brain))));

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "wrong-values", "from 0 to 1");
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_413_from_its_length_alone()
    {
        var input = StudyInputs.Make(new GridSize(64, 64, 64));

        var response = await _server.PostAsync(InferenceServer.BundleContent(await StudyInputs.RequestBytesAsync(input)));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "too-large", "bytes this service accepts");
    }

    [Fact]
    public async Task A_header_promising_more_voxels_than_allowed_is_413_before_allocating()
    {
        // 2^30 voxels declared, a few bytes sent: refused on the header.
        var geometry = new VolumeGeometry(new GridSize(1024, 1024, 1024), new Vector3D(1.5, 1.5, 1.5), new Vector3D(0, 0, 0), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0), new Vector3D(0, 0, 1));
        string header = Header(geometry, ("ct-brain-window", "float32"), ("baseline-mask", "float32"), ("brain", "uint8"));

        var response = await _server.PostAsync(InferenceServer.BundleContent(Raw(header, new byte[64])));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "too-large", "1073741824 voxels");
    }

    [Fact]
    public async Task A_refused_request_leaves_the_service_able_to_predict()
    {
        await AssertProblemAsync(await _server.PostAsync(InferenceServer.BundleContent([1, 2, 3])), HttpStatusCode.BadRequest, "corrupt-payload", "ends inside the preamble");

        using var response = await _server.PostAsync(InferenceServer.BundleContent(await StudyInputs.RequestBytesAsync(Good)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type, string detailContains)
    {
        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(body);
            Assert.Equal("urn:hem:inference:" + type, problem.RootElement.GetProperty("type").GetString());
            Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Contains(detailContains, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    private static string Header(VolumeGeometry g, params (string Name, string Dtype)[] blocks)
    {
        static object V(Vector3D v) => new { x = v.X, y = v.Y, z = v.Z };
        return JsonSerializer.Serialize(new
        {
            version = 1,
            geometry = new
            {
                size = new { x = g.Size.X, y = g.Size.Y, z = g.Size.Z },
                spacingMm = V(g.Spacing),
                originMm = V(g.Origin),
                rowDirection = V(g.RowDirection),
                columnDirection = V(g.ColumnDirection),
                sliceDirection = V(g.SliceDirection),
            },
            blocks = blocks.Select(b => new { name = b.Name, dtype = b.Dtype }),
        });
    }

    private static byte[] Raw(string header, byte[] data)
    {
        byte[] h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + data.Length];
        "HEMV"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)h.Length);
        h.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + h.Length);
        return bytes;
    }
}
