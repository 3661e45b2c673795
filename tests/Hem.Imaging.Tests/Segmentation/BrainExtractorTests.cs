using Hem.Imaging.Rendering;
using Hem.Imaging.Segmentation;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Segmentation;

public sealed class BrainExtractorTests(SyntheticHeads heads) : IClassFixture<SyntheticHeads>
{
    [Fact]
    public void The_synthetic_brain_matches_the_inside_of_the_skull()
    {
        var head = heads.Healthy;
        var truth = head.Head.TruthOf(SyntheticHead.InnerSkull);
        double truthMl = Overlap.Count(truth) * truth.VoxelVolumeMl;

        Assert.True(Overlap.Dice(head.Brain.Mask, truth) >= 0.95, $"Dice {Overlap.Dice(head.Brain.Mask, truth):0.000}");
        Assert.InRange(head.Brain.VolumeMl, 0.9 * truthMl, truthMl);
        Assert.True(head.Brain.IsPlausible);
        Assert.Equal(Overlap.Count(head.Brain.Mask) * truth.VoxelVolumeMl, head.Brain.VolumeMl, 6);
    }

    [Fact]
    public void Scalp_and_skull_are_left_out()
    {
        var head = heads.Healthy;
        var insideSkull = head.Head.TruthOf(SyntheticHead.InnerSkull);

        Assert.Equal(Overlap.Count(head.Brain.Mask), Overlap.CountBoth(head.Brain.Mask, insideSkull));
    }

    [Fact]
    public void Ventricles_and_a_calcified_plexus_are_inside_the_brain()
    {
        var head = heads.Healthy;
        var plexus = head.Head.PlexusTruth();
        var ventricles = head.Head.VentricleTruth();

        Assert.Equal(Overlap.Count(plexus), Overlap.CountBoth(head.Brain.Mask, plexus));
        Assert.Equal(Overlap.Count(ventricles), Overlap.CountBoth(head.Brain.Mask, ventricles));
    }

    [Fact]
    public void Blood_is_inside_the_brain()
    {
        var head = heads.TwoBlobs;
        var blood = head.Head.BloodTruth();

        Assert.Equal(Overlap.Count(blood), Overlap.CountBoth(head.Brain.Mask, blood));
    }

    [Fact]
    public void Every_slice_through_the_brain_keeps_it_from_the_cut_lowest_slice_to_the_vertex()
    {
        var head = heads.Healthy;
        var brain = KeySliceChooser.AreaPerSlice(head.Brain.Mask);
        var truth = KeySliceChooser.AreaPerSlice(head.Head.TruthOf(SyntheticHead.InnerSkull));

        Assert.True(truth[0] > 3000, "the first slice cuts through the brain");
        for (int z = 0; z < truth.Length; z++)
        {
            // Slices where the skull curves across the 5 mm slice average brain with bone, so about a quarter of
            // the voxels there go; slices grazing the top of the skull hold too little brain to count.
            double share = truth[z] == 0 ? 0 : (double)brain[z] / truth[z];
            Assert.True(truth[z] < 3000 || share > 0.7, $"slice {z}: {brain[z]} of {truth[z]} voxels");
            Assert.True(brain[z] <= truth[z], $"slice {z}: {brain[z]} voxels where the skull holds {truth[z]}");
        }

        // The head is symmetric about z = 0, so slice 0 (the cut, at -52.5 mm) mirrors slice 21 (+52.5 mm): cutting
        // the skull open below costs nothing.
        Assert.InRange(brain[0], 0.98 * brain[21], 1.02 * brain[21]);
    }

    [Theory]
    [InlineData(5.0, 26, 0)]
    [InlineData(2.0, 40, 0)]
    [InlineData(5.0, 26, 2)]
    public void The_extraction_equals_its_steps_on_the_whole_grid(double sliceMm, int slices, int blobs)
    {
        // Thin slices take the separable morphology; blobs add dense clots to fill. The box and the kernels must
        // change nothing: same voxels, same volumes.
        var head = new SyntheticHead(blobs == 0 ? [] : [SyntheticHead.DeepBlob, SyntheticHead.CorticalBlob], noiseSd: 5, slices: slices, sliceMm: sliceMm);
        var options = BrainExtractionOptions.Default;

        var fast = new BrainExtractor(options).Extract(head.Ct, TestContext.Current.CancellationToken);
        var reference = WholeGridBrainExtraction.Extract(head.Ct, options);

        Assert.True(Overlap.Count(reference.Mask) > 0);
        Assert.Equal(reference.Mask.Voxels, fast.Mask.Voxels);
        Assert.Equal(reference.VolumeMl, fast.VolumeMl, 9);
        Assert.Equal(reference.EnclosedVolumeMl, fast.EnclosedVolumeMl, 9);
        Assert.Equal(reference.IsPlausible, fast.IsPlausible);
    }

    [Fact]
    public void Air_alone_has_no_brain()
    {
        var geometry = TestVolumes.Grid(40, 40, 6, 1, 1, 5);
        var air = Volume.Zeros<short>(geometry);
        air.Voxels.AsSpan().Fill(-1000);

        var brain = new BrainExtractor().Extract(air, TestContext.Current.CancellationToken);

        Assert.Equal(0, brain.VolumeMl);
        Assert.Equal(0, Overlap.Count(brain.Mask));
        Assert.False(brain.IsPlausible);
    }

    [Fact]
    public void A_cancelled_extraction_stops()
    {
        var geometry = TestVolumes.Grid(20, 20, 4, 1, 1, 5);

        Assert.Throws<OperationCanceledException>(() => new BrainExtractor().Extract(Volume.Zeros<short>(geometry), new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Contradictory_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new BrainExtractor(new BrainExtractionOptions { SoftTissueMaximumHu = 400 }));
        Assert.Throws<ArgumentException>(() => new BrainExtractor(new BrainExtractionOptions { SoftTissueMinimumHu = 120 }));
        Assert.Throws<ArgumentException>(() => new BrainExtractor(new BrainExtractionOptions { SeparationRadiusMm = -1 }));
        Assert.Throws<ArgumentException>(() => new BrainExtractor(new BrainExtractionOptions { SkullSealingRadiusMm = double.NaN }));
    }
}
