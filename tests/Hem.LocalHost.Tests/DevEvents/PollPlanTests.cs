using Hem.LocalHost.DevEvents;

namespace Hem.LocalHost.Tests.DevEvents;

public sealed class PollPlanTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 26, 21, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_folders_READY_marker_goes_after_every_other_new_blob_whatever_the_names_sort_like()
    {
        // In the listing's (UTF-8 byte) order the marker sorts between capitals and lower case.
        string[] listed = ["s/IM0001", "s/_READY", "s/im0002.dcm", "s/series/x.dcm", "t.zip"];

        var plan = PollPlan.From("incoming", [.. listed.Select(Blob)], new EmittedBlobs());

        Assert.Equal(["s/IM0001", "s/im0002.dcm", "s/series/x.dcm", "t.zip", "s/_READY"], plan.ToSend.Select(b => b.Name));
        Assert.Empty(plan.ToForget);
    }

    [Fact]
    public void Only_new_and_changed_versions_are_sent_and_names_no_longer_listed_are_forgotten()
    {
        var emitted = new EmittedBlobs(new Dictionary<string, string> { ["same.zip"] = "E1", ["changed.zip"] = "E1", ["deleted.zip"] = "E1" });

        var plan = PollPlan.From("incoming", [Blob("changed.zip", "E2"), Blob("new.zip"), Blob("same.zip", "E1")], emitted);

        Assert.Equal(["changed.zip", "new.zip"], plan.ToSend.Select(b => b.Name));
        Assert.Equal(["deleted.zip"], plan.ToForget);
    }

    [Fact]
    public void Markers_in_the_pipelines_own_areas_are_not_folder_markers_and_keep_their_place()
    {
        var plan = PollPlan.From("incoming", [Blob("a/_READY"), Blob("results/x/_READY"), Blob("z.zip")], new EmittedBlobs());

        Assert.Equal(["results/x/_READY", "z.zip", "a/_READY"], plan.ToSend.Select(b => b.Name));
    }

    private static BlobVersion Blob(string name) => Blob(name, "E1");

    private static BlobVersion Blob(string name, string eTag) => new(name, eTag, 1, null, "BlockBlob", Time);
}
