using Hem.Dicom.Series;
using Hem.Imaging.Segmentation;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Segmentation;

public sealed class HematomaSegmenterTests(SyntheticHeads heads) : IClassFixture<SyntheticHeads>
{
    private static readonly BloodBlob TouchingSkull = new(new Ellipsoid(new Vector3D(50, 0, 20), new Vector3D(14, 14, 14)), 68);
    private static readonly BloodBlob Small = new(new Ellipsoid(new Vector3D(-30, 30, 0), new Vector3D(5, 5, 6)), 72);

    [Fact]
    public void Two_blobs_are_found_with_a_Dice_of_at_least_0_90_each()
    {
        var head = heads.TwoBlobs;
        var found = head.Hematoma;

        Assert.True(Overlap.Dice(found.Mask, head.Head.BloodTruth()) >= 0.90, $"Dice {Overlap.Dice(found.Mask, head.Head.BloodTruth()):0.000}");
        Assert.Equal(2, found.Components.Count);
        foreach (var blob in head.Head.Blobs)
        {
            var truth = head.Head.TruthOf(blob.Shape);
            double dice = Overlap.Dice(Near(found.Mask, head.Head, blob), truth);
            Assert.True(dice >= 0.90, $"Dice {dice:0.000} for the blob at {blob.Shape.Centre}");
        }

        double truthMl = Overlap.Count(head.Head.BloodTruth()) * found.Mask.VoxelVolumeMl;
        Assert.InRange(found.VolumeMl, 0.9 * truthMl, 1.1 * truthMl);
        Assert.True(found.Components[0].VolumeMl >= found.Components[1].VolumeMl);
        Assert.InRange(found.Components[0].MeanHu, 60, 80);
    }

    [Fact]
    public void Components_describe_the_mask()
    {
        var found = heads.TwoBlobs.Hematoma;

        Assert.Equal(Overlap.Count(found.Mask), found.Components.Sum(c => c.VoxelCount));
        Assert.Equal(found.Components.Sum(c => c.VolumeMl), found.VolumeMl, 9);
        foreach (var component in found.Components)
        {
            Assert.Equal(component.VoxelCount * found.Mask.VoxelVolumeMl, component.VolumeMl, 9);
            var inBox = RegionOfInterest.Crop(found.Mask, component.Bounds);
            Assert.Equal(component.VoxelCount, Overlap.Count(inBox));
        }
    }

    [Fact]
    public void A_healthy_head_with_noise_skull_partial_volume_and_a_calcified_plexus_has_no_hematoma()
    {
        var found = heads.Healthy.Hematoma;

        Assert.True(found.VolumeMl < 0.5, $"{found.VolumeMl:0.000} mL of false hematoma");
        Assert.Equal(0, Overlap.CountBoth(found.Mask, heads.Healthy.Head.PlexusTruth()));
    }

    [Theory]
    [InlineData((short)70)]
    [InlineData((short)85)]
    public void A_dense_rim_along_the_inner_skull_is_not_hematoma(short rimHu)
    {
        var head = new SegmentedHead(new SyntheticHead([], noiseSd: 5, seed: 3, duralRimHu: rimHu));

        Assert.True(head.Hematoma.VolumeMl < 0.5, $"{head.Hematoma.VolumeMl:0.000} mL of false hematoma");
    }

    [Fact]
    public void A_blob_against_the_skull_under_a_dense_rim_is_found_whole()
    {
        var head = new SegmentedHead(new SyntheticHead([TouchingSkull], noiseSd: 5, seed: 3, duralRimHu: 70));

        double dice = Overlap.Dice(head.Hematoma.Mask, head.Head.BloodTruth());
        Assert.True(dice >= 0.90, $"Dice {dice:0.000}");
    }

    [Fact]
    public void A_blob_of_two_thirds_of_a_millilitre_is_found()
    {
        var head = new SegmentedHead(new SyntheticHead([Small], noiseSd: 5, seed: 3));

        double dice = Overlap.Dice(head.Hematoma.Mask, head.Head.BloodTruth());
        Assert.True(dice >= 0.90, $"Dice {dice:0.000}");
    }

    [Theory]
    [InlineData(5.0, 11)]
    [InlineData(8.0, 12)]
    public void Dice_holds_across_noise_levels_and_seeds(double noiseSd, int seed)
    {
        var head = new SegmentedHead(SyntheticHead.WithTwoBlobs(noiseSd, seed));

        double dice = Overlap.Dice(head.Hematoma.Mask, head.Head.BloodTruth());
        Assert.True(dice >= 0.90, $"Dice {dice:0.000}");
    }

    [Fact]
    public void Blood_filling_a_ventricle_is_left_out_and_the_parenchymal_blob_kept()
    {
        var filled = new BloodBlob(SyntheticHead.LeftVentricle.Grown(-0.5), 62);
        var head = new SegmentedHead(new SyntheticHead([filled, SyntheticHead.CorticalBlob], noiseSd: 5, seed: 3));

        double ventricularMl = Overlap.CountBoth(head.Hematoma.Mask, head.Head.TruthOf(filled.Shape)) * head.Hematoma.Mask.VoxelVolumeMl;
        double dice = Overlap.Dice(head.Hematoma.Mask, head.Head.TruthOf(SyntheticHead.CorticalBlob.Shape));
        Assert.True(ventricularMl < 0.5, $"{ventricularMl:0.00} mL of ventricular blood in the mask");
        Assert.True(dice >= 0.90, $"Dice {dice:0.000} for the parenchymal blob");
    }

    [Fact]
    public void Ventricular_blood_is_found_when_its_exclusion_is_switched_off()
    {
        var filled = new BloodBlob(SyntheticHead.LeftVentricle.Grown(-0.5), 62);
        var head = new SegmentedHead(new SyntheticHead([filled], noiseSd: 5, seed: 3), new HematomaSegmentationOptions { ExcludeVentricularBlood = false });

        double dice = Overlap.Dice(head.Hematoma.Mask, head.Head.TruthOf(filled.Shape));
        Assert.True(dice >= 0.85, $"Dice {dice:0.000}");
    }

    [Fact]
    public void Keeping_only_the_largest_component_turns_the_other_down()
    {
        var two = heads.TwoBlobs;
        var found = new HematomaSegmenter(new HematomaSegmentationOptions { LargestComponentOnly = true })
            .Segment(two.Head.Ct, two.Brain.Mask, TestContext.Current.CancellationToken);

        var only = Assert.Single(found.Components);
        Assert.Equal(two.Hematoma.Components[0].VoxelCount, only.VoxelCount);
        Assert.Equal(CandidateRejection.NotLargest, Assert.Single(found.Rejected).Reason);
    }

    [Fact]
    public void Components_below_the_minimum_volume_are_turned_down()
    {
        var two = heads.TwoBlobs;
        double between = (two.Hematoma.Components[0].VolumeMl + two.Hematoma.Components[1].VolumeMl) / 2;
        var found = new HematomaSegmenter(new HematomaSegmentationOptions { MinimumComponentMl = between })
            .Segment(two.Head.Ct, two.Brain.Mask, TestContext.Current.CancellationToken);

        Assert.Single(found.Components);
        Assert.Equal(CandidateRejection.TooSmall, Assert.Single(found.Rejected).Reason);
    }

    [Fact]
    public void Blood_denser_than_the_range_is_not_found()
    {
        var two = heads.TwoBlobs;
        var found = new HematomaSegmenter(new HematomaSegmentationOptions { BloodMinimumHu = 95, BloodMaximumHu = 120 })
            .Segment(two.Head.Ct, two.Brain.Mask, TestContext.Current.CancellationToken);

        Assert.Empty(found.Components);
        Assert.Equal(0, found.VolumeMl);
    }

    [Fact]
    public void A_brain_mask_on_another_grid_is_refused()
    {
        var ct = Volume.Zeros<short>(TestVolumes.Grid(10, 10, 3));
        var mask = Volume.Zeros<byte>(TestVolumes.Grid(10, 10, 4));

        var error = Assert.Throws<ArgumentException>(() => new HematomaSegmenter().Segment(ct, mask, TestContext.Current.CancellationToken));
        Assert.Equal("brainMask", error.ParamName);
    }

    [Fact]
    public void Contradictory_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new HematomaSegmenter(new HematomaSegmentationOptions { BloodMinimumHu = 95 }));
        Assert.Throws<ArgumentException>(() => new HematomaSegmenter(new HematomaSegmentationOptions { BloodMaximumHu = 140 }));
        Assert.Throws<ArgumentException>(() => new HematomaSegmenter(new HematomaSegmentationOptions { ReferenceRingInnerMm = 9 }));
        Assert.Throws<ArgumentException>(() => new HematomaSegmenter(new HematomaSegmentationOptions { MaximumAirFraction = 1.5 }));
        Assert.Throws<ArgumentException>(() => new HematomaSegmenter(new HematomaSegmentationOptions { CoreRadiusMm = -1 }));
    }

    /// <summary>The part of a mask near one blob, so each blob's Dice is its own.</summary>
    private static Volume<byte> Near(Volume<byte> mask, SyntheticHead head, BloodBlob blob)
    {
        var near = head.TruthOf(blob.Shape.Grown(6));
        var result = Volume.Zeros<byte>(mask.Geometry);
        for (int i = 0; i < mask.Voxels.Length; i++)
        {
            result.Voxels[i] = (byte)(mask.Voxels[i] & near.Voxels[i]);
        }

        return result;
    }
}
