using Azure.Storage.Blobs;
using Hem.Pipeline.Analysis;
using Hem.Pipeline.Intake;
using Hem.Pipeline.Orchestration;
using Hem.Testing;

namespace Hem.Pipeline.Tests.Orchestration;

/// <summary>FetchStudy's download on real Azurite: the three kinds, the ETag check, unsafe names.</summary>
public sealed class StudyFetcherTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("hem-fetch-").FullName;
    private BlobContainerClient _incoming = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _incoming = azurite.CreateBlobServiceClient().GetBlobContainerClient("incoming-" + Guid.NewGuid().ToString("N")[..10]);
        await _incoming.CreateAsync(cancellationToken: Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _incoming.DeleteIfExistsAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task A_ready_folder_is_fetched_without_its_marker_and_with_its_subfolders()
    {
        await PutAsync("scan 1/a/CT1.dcm", "one");
        await PutAsync("scan 1/a/CT2.dcm", "two");
        await PutAsync("scan 1/CT3.dcm", "three");
        await PutAsync("scan 10/CT9.dcm", "other study");
        var marker = await PutAsync("scan 1/_READY", "");

        string local = await Fetcher().FetchAsync(Input(marker, SubmissionKind.DicomFolder, "scan 1/"), Path.Combine(_work, "f"), Token);

        var files = Directory.GetFiles(local, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(local, f).Replace('\\', '/')).Order(StringComparer.Ordinal);
        Assert.Equal(["CT3.dcm", "a/CT1.dcm", "a/CT2.dcm"], files);
        Assert.Equal("two", await File.ReadAllTextAsync(Path.Combine(local, "a", "CT2.dcm"), Token));
    }

    [Fact]
    public async Task A_research_volume_is_fetched_with_its_mask_where_the_loader_looks_for_it()
    {
        var ct = await PutAsync("vol/head.nii.gz", "ct");
        await PutAsync("vol/head.mask.nii.gz", "mask");

        string local = await Fetcher().FetchAsync(Input(ct, SubmissionKind.Nifti, "vol/head.nii.gz", "vol/head.mask.nii.gz"), Path.Combine(_work, "n"), Token);

        Assert.Equal("ct", await File.ReadAllTextAsync(local, Token));
        Assert.Equal("mask", await File.ReadAllTextAsync(NiftiStudyLoader.MaskPath(local), Token));
    }

    [Fact]
    public async Task A_research_volume_without_its_mask_is_fetched_alone()
    {
        var ct = await PutAsync("solo.nii", "ct");

        string local = await Fetcher().FetchAsync(Input(ct, SubmissionKind.Nifti, "solo.nii", "solo.mask.nii.gz"), Path.Combine(_work, "s"), Token);

        Assert.Equal(["study.nii"], Directory.GetFiles(Path.GetDirectoryName(local)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_blob_changed_after_submission_is_a_permanent_failure()
    {
        var first = await PutAsync("changed.zip", "first");
        await PutAsync("changed.zip", "second");

        await Assert.ThrowsAsync<InputChangedException>(() => Fetcher().FetchAsync(Input(first, SubmissionKind.Zip, "changed.zip"), Path.Combine(_work, "c"), Token));
        var marker = await PutAsync("dir/_READY", "");
        await PutAsync("dir/_READY", "again");
        await Assert.ThrowsAsync<InputChangedException>(() => Fetcher().FetchAsync(Input(marker, SubmissionKind.DicomFolder, "dir/"), Path.Combine(_work, "d"), Token));
    }

    [Fact]
    public async Task A_folder_blob_whose_name_would_leave_the_work_folder_is_a_rejection()
    {
        await PutAsync("evil/a//b.dcm", "x");
        var marker = await PutAsync("evil/_READY", "");

        var ex = await Assert.ThrowsAsync<StudyRejectedException>(() => Fetcher().FetchAsync(Input(marker, SubmissionKind.DicomFolder, "evil/"), Path.Combine(_work, "e"), Token));
        Assert.Equal("unsafe-path", ex.Code);
    }

    private StudyFetcher Fetcher() => new(azurite.CreateBlobServiceClient());

    private async Task<(BlobClient Blob, string ETag)> PutAsync(string name, string text)
    {
        var blob = _incoming.GetBlobClient(name);
        var uploaded = await blob.UploadAsync(BinaryData.FromString(text), overwrite: true, Token);
        return (blob, uploaded.Value.ETag.ToString());
    }

    private StudyPipelineInput Input((BlobClient Blob, string ETag) submitted, SubmissionKind kind, string studyPath, string? mask = null) =>
        new(submitted.Blob.Uri.AbsoluteUri, _incoming.Name, submitted.Blob.Name, submitted.ETag, kind, studyPath, mask);
}
