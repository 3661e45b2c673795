using Hem.Imaging.Rendering;
using Hem.Imaging.Segmentation;

namespace Hem.Imaging.Tests.Segmentation;

/// <summary>Brain extraction and the hematoma baseline on the real series among the fixtures (skipped without them).</summary>
public sealed class RealHeadSegmentationTests(RealHeads heads) : IClassFixture<RealHeads>
{
    [Fact]
    public void The_tilted_GE_head_has_an_adult_brain_volume()
    {
        var head = heads.Get(RealHeads.TiltedGeHead);

        // Measured 1445 mL (brain, CSF spaces and brainstem down to the foramen magnum).
        Assert.InRange(head.Brain.VolumeMl, 1300, 1600);
        Assert.True(head.Brain.IsPlausible);
        Assert.InRange(head.Brain.EnclosedVolumeMl, head.Brain.VolumeMl, 1.25 * head.Brain.VolumeMl);
    }

    [Fact]
    public void The_GE_brain_reaches_the_posterior_fossa_and_the_vertex()
    {
        var head = heads.Get(RealHeads.TiltedGeHead);
        var areas = KeySliceChooser.AreaPerSlice(head.Brain.Mask);
        double pixelCm2 = head.Ct.Geometry.Spacing.X * head.Ct.Geometry.Spacing.Y / 100;

        // The tilted volume has 37 planes: medulla in 0-4, cerebellum and temporal lobes in 5-10, vertex at 33-34.
        Assert.All(areas.Take(35), area => Assert.True(area > 0));
        for (int z = 6; z <= 9; z++)
        {
            Assert.True(areas[z] * pixelCm2 >= 30, $"slice {z} has {areas[z] * pixelCm2:0} cm2 of brain");
        }

        Assert.True(areas[33] * pixelCm2 >= 2, $"slice 33 has {areas[33] * pixelCm2:0.0} cm2 of brain");
    }

    [Fact]
    public void The_GE_brain_holds_no_bone()
    {
        var head = heads.Get(RealHeads.TiltedGeHead);
        var smoothed = InPlaneMedian.Apply(head.Ct);
        long dense = 0;
        for (int i = 0; i < smoothed.Voxels.Length; i++)
        {
            if (head.Brain.Mask.Voxels[i] != 0 && smoothed.Voxels[i] >= 250)
            {
                dense++;
            }
        }

        // Only what hole filling takes in (calcified plexus and pineal, the clinoids at the skull base).
        Assert.True(dense * head.Ct.VoxelVolumeMl < 2, $"{dense * head.Ct.VoxelVolumeMl:0.00} mL of bone inside the brain");
    }

    [Fact]
    public void The_Philips_phantom_has_no_brain_to_speak_of()
    {
        var head = heads.Get(RealHeads.PhilipsPhantom);

        // Its skull holds air and plastic inserts: the extraction keeps one insert and says it is no brain.
        Assert.False(head.Brain.IsPlausible);
        Assert.True(head.Brain.VolumeMl < 50, $"{head.Brain.VolumeMl:0.0} mL");
    }

    [Fact]
    public void The_hemorrhage_free_Philips_phantom_has_less_than_half_a_millilitre_of_hematoma()
    {
        var head = heads.Get(RealHeads.PhilipsPhantom);

        var found = new HematomaSegmenter().Segment(head.Ct, head.Brain.Mask, TestContext.Current.CancellationToken);

        Assert.True(found.VolumeMl < 0.5, $"{found.VolumeMl:0.000} mL of false hematoma");
    }

    [Theory]
    [InlineData("slice contrast")]
    [InlineData("local contrast")]
    public void The_phantom_stays_negative_with_either_contrast_rule_switched_off(string rule)
    {
        var head = heads.Get(RealHeads.PhilipsPhantom);
        var options = rule == "slice contrast"
            ? new HematomaSegmentationOptions { MinimumSliceContrastHu = -2000 }
            : new HematomaSegmentationOptions { MinimumLocalContrastHu = -2000 };

        var found = new HematomaSegmenter(options).Segment(head.Ct, head.Brain.Mask, TestContext.Current.CancellationToken);

        Assert.True(found.VolumeMl < 0.5, $"{found.VolumeMl:0.000} mL of false hematoma");
    }

    [Fact]
    public void The_GE_head_shows_only_small_dense_spots_at_the_sinuses_and_skull_base()
    {
        var head = heads.Get(RealHeads.TiltedGeHead);

        var found = new HematomaSegmenter().Segment(head.Ct, head.Brain.Mask, TestContext.Current.CancellationToken);

        // No hemorrhage is visible on this head; measured 2.7 mL in four spots (0.3-1.0 mL) at the superior
        // sagittal and transverse sinuses and the foramen magnum, where venous blood and beam hardening are dense.
        Assert.True(found.VolumeMl < 4, $"{found.VolumeMl:0.00} mL");
        Assert.All(found.Components, c => Assert.True(c.VolumeMl < 1.5, $"a component of {c.VolumeMl:0.00} mL"));
    }
}
