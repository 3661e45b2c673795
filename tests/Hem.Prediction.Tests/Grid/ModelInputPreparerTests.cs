using Hem.Dicom.Series;
using Hem.Imaging.Intensity;
using Hem.Imaging.Resampling;
using Hem.Imaging.Volumes;
using Hem.Prediction.Grid;

namespace Hem.Prediction.Tests.Grid;

/// <summary>
/// The model input of a hand-built study: 0.8 x 0.8 x 5 mm CT of blocks with known HU (parenchyma 30, hematoma 70,
/// calcified 150, CSF-like -20, air outside the brain box), the brain given as a box. A model voxel whose eight
/// trilinear neighbours all lie in one block must read exactly that block's value.
/// </summary>
public sealed class ModelInputPreparerTests
{
    private static readonly VolumeGeometry Baseline = TestGrids.Axial(new GridSize(120, 120, 20), new Vector3D(0.8, 0.8, 5), new Vector3D(-48, -48, -50));
    private static readonly VoxelBox BrainBox = new(27, 10, 2, 110, 110, 18);
    private static readonly VoxelBox HematomaBox = new(50, 50, 9, 70, 70, 11);
    private static readonly VoxelBox DenseBox = new(30, 20, 5, 45, 35, 15);
    private static readonly VoxelBox FluidBox = new(80, 20, 5, 100, 40, 15);

    private static (Volume<short> Ct, Volume<byte> Mask, Volume<byte> Brain) Study()
    {
        var ct = Volume.Zeros<short>(Baseline);
        ct.Voxels.AsSpan().Fill(-1000);
        TestGrids.Fill(ct, BrainBox, (short)30);
        TestGrids.Fill(ct, DenseBox, (short)150);
        TestGrids.Fill(ct, FluidBox, (short)-20);
        TestGrids.Fill(ct, HematomaBox, (short)70);
        return (ct, TestGrids.Box(Baseline, HematomaBox), TestGrids.Box(Baseline, BrainBox));
    }

    private static PreparedInput Prepare()
    {
        var (ct, mask, brain) = Study();
        return new ModelInputPreparer(ModelGridSettings.Default).Prepare(ct, mask, brain, TestContext.Current.CancellationToken)!;
    }

    /// <summary>Whether all eight baseline voxels a model voxel interpolates between lie in <paramref name="box"/>.</summary>
    private static bool Within(VolumeGeometry model, int i, int j, int k, VoxelBox box)
    {
        var p = Baseline.PatientToIndex(model.IndexToPatient(i, j, k));
        return Math.Floor(p.X) >= box.X0 && Math.Ceiling(p.X) < box.X1
            && Math.Floor(p.Y) >= box.Y0 && Math.Ceiling(p.Y) < box.Y1
            && Math.Floor(p.Z) >= box.Z0 && Math.Ceiling(p.Z) < box.Z1;
    }

    /// <summary>Whether none of them does.</summary>
    private static bool Outside(VolumeGeometry model, int i, int j, int k, VoxelBox box)
    {
        var p = Baseline.PatientToIndex(model.IndexToPatient(i, j, k));
        return Math.Ceiling(p.X) < box.X0 || Math.Floor(p.X) >= box.X1
            || Math.Ceiling(p.Y) < box.Y0 || Math.Floor(p.Y) >= box.Y1
            || Math.Ceiling(p.Z) < box.Z0 || Math.Floor(p.Z) >= box.Z1;
    }

    [Fact]
    public void The_CT_channel_is_clip_0_100_over_100_inside_the_brain_and_zero_outside()
    {
        var input = Prepare();
        var model = input.Grid.Geometry;
        var counts = new Dictionary<string, int>();
        var n = model.Size;
        for (int k = 0; k < n.Z; k++)
        {
            for (int j = 0; j < n.Y; j++)
            {
                for (int i = 0; i < n.X; i++)
                {
                    (string Block, float Value)? expected =
                        Within(model, i, j, k, HematomaBox) ? ("hematoma", 0.7f)
                        : Within(model, i, j, k, DenseBox) ? ("dense", 1f)
                        : Within(model, i, j, k, FluidBox) ? ("fluid", 0f)
                        : Within(model, i, j, k, BrainBox) && Outside(model, i, j, k, HematomaBox) && Outside(model, i, j, k, DenseBox) && Outside(model, i, j, k, FluidBox) ? ("parenchyma", 0.3f)
                        : Outside(model, i, j, k, BrainBox) ? ("outside brain", 0f)
                        : null;
                    if (expected is { } e)
                    {
                        Assert.True(Math.Abs(input.Ct[i, j, k] - e.Value) < 1e-6, $"{e.Block} at ({i}, {j}, {k}) reads {input.Ct[i, j, k]}");
                        counts[e.Block] = counts.GetValueOrDefault(e.Block) + 1;
                    }

                    if (input.Brain[i, j, k] == 0)
                    {
                        Assert.Equal(0f, input.Ct[i, j, k]);
                    }
                }
            }
        }

        Assert.Equal(["dense", "fluid", "hematoma", "outside brain", "parenchyma"], counts.Keys.Order(StringComparer.Ordinal));
        Assert.All(counts.Values, c => Assert.True(c > 50));
    }

    [Fact]
    public void The_mask_channel_is_the_fraction_of_the_baseline_mask_not_thresholded_and_the_brain_is_0_or_1()
    {
        var input = Prepare();
        var model = input.Grid.Geometry;
        var n = model.Size;
        int partial = 0;
        for (int k = 0; k < n.Z; k++)
        {
            for (int j = 0; j < n.Y; j++)
            {
                for (int i = 0; i < n.X; i++)
                {
                    float m = input.Mask[i, j, k];
                    Assert.InRange(m, 0f, 1f);
                    partial += m is > 0f and < 1f ? 1 : 0;
                    if (Within(model, i, j, k, HematomaBox))
                    {
                        Assert.Equal(1f, m);
                    }
                    else if (Outside(model, i, j, k, HematomaBox))
                    {
                        Assert.Equal(0f, m);
                    }

                    if (Within(model, i, j, k, BrainBox))
                    {
                        Assert.Equal(1, input.Brain[i, j, k]);
                    }
                    else if (Outside(model, i, j, k, BrainBox))
                    {
                        Assert.Equal(0, input.Brain[i, j, k]);
                    }
                }
            }
        }

        Assert.True(partial > 100, $"{partial} partial voxels");
        Assert.Equal([input.Ct, input.Mask], input.Channels);
    }

    [Fact]
    public void Cropping_before_resampling_gives_what_resampling_the_whole_volumes_gives()
    {
        var (ct, mask, brain) = Study();
        var input = Prepare();
        var target = input.Grid.Geometry;
        var brainFraction = Resampler.Trilinear(ToFloat(brain), target, 0f);
        var expectedCt = IntensityNormalisation.BrainWindow.Apply(Resampler.Trilinear(ct, target, -1024f));
        var expectedMask = Resampler.Trilinear(ToFloat(mask), target, 0f);
        for (int v = 0; v < expectedCt.Voxels.Length; v++)
        {
            byte inside = (byte)(brainFraction.Voxels[v] >= 0.5f ? 1 : 0);
            Assert.Equal(inside, input.Brain.Voxels[v]);
            Assert.Equal(inside == 1 ? expectedCt.Voxels[v] : 0f, input.Ct.Voxels[v], 1e-6f);
            Assert.Equal(expectedMask.Voxels[v], input.Mask.Voxels[v], 1e-6f);
        }
    }

    [Fact]
    public void Model_voxels_past_the_CT_read_air_no_brain_and_no_mask()
    {
        // Eight 5 mm slices (40 mm): the 48 mm patch along z reaches past the CT on both sides.
        var geometry = TestGrids.Axial(new GridSize(60, 60, 8), new Vector3D(1, 1, 5));
        var ct = Volume.Zeros<short>(geometry);
        ct.Voxels.AsSpan().Fill(40);
        var brain = TestGrids.Box(geometry, VoxelBox.Whole(geometry.Size));
        var mask = TestGrids.Box(geometry, new VoxelBox(25, 25, 3, 35, 35, 5));

        var input = new ModelInputPreparer(ModelGridSettings.Default).Prepare(ct, mask, brain, TestContext.Current.CancellationToken)!;

        var model = input.Grid.Geometry;
        Assert.Equal(32, model.Size.Z);
        int outside = 0;
        for (int k = 0; k < model.Size.Z; k++)
        {
            double z = geometry.PatientToIndex(model.IndexToPatient(0, 0, k)).Z;
            if (z < -0.5 || z > 7.5)
            {
                outside++;
                for (int j = 0; j < model.Size.Y; j++)
                {
                    for (int i = 0; i < model.Size.X; i++)
                    {
                        Assert.Equal((0f, 0f, (byte)0), (input.Ct[i, j, k], input.Mask[i, j, k], input.Brain[i, j, k]));
                    }
                }
            }
            else
            {
                Assert.Equal(0.4f, input.Ct[16, 16, k], 1e-6f);
            }
        }

        Assert.True(outside >= 4);
    }

    [Fact]
    public void Follow_up_channels_use_the_same_grid_and_the_baseline_brain()
    {
        var (ct, mask, brain) = Study();
        var preparer = new ModelInputPreparer(ModelGridSettings.Default);
        var input = preparer.Prepare(ct, mask, brain, TestContext.Current.CancellationToken)!;
        var followupMask = TestGrids.Box(Baseline, new VoxelBox(45, 45, 9, 75, 75, 12));
        var followupCt = Volume.Zeros<short>(Baseline);
        followupCt.Voxels.AsSpan().Fill(60);

        var f = ModelInputPreparer.FollowupMask(input, followupMask);
        var fct = preparer.FollowupCt(input, followupCt);

        Assert.Equal(input.Grid.Geometry, f.Geometry);
        Assert.Equal(input.Grid.Geometry, fct.Geometry);
        Assert.True(f.Voxels.Sum() > input.Mask.Voxels.Sum());
        for (int v = 0; v < fct.Voxels.Length; v++)
        {
            Assert.Equal(input.Brain.Voxels[v] == 1 ? 0.6f : 0f, fct.Voxels[v], 1e-6f);
        }
    }

    [Fact]
    public void An_empty_mask_has_no_model_input_and_volumes_on_other_grids_are_refused()
    {
        var (ct, _, brain) = Study();
        var preparer = new ModelInputPreparer(ModelGridSettings.Default);
        Assert.Null(preparer.Prepare(ct, Volume.Zeros<byte>(Baseline), brain, TestContext.Current.CancellationToken));

        var other = Volume.Zeros<byte>(TestGrids.Axial(new GridSize(120, 120, 20), new Vector3D(0.8, 0.8, 5)));
        other[60, 60, 10] = 1;
        var ex = Assert.Throws<PredictionInputException>(() => preparer.Prepare(ct, other, brain, TestContext.Current.CancellationToken));
        Assert.StartsWith("the baseline mask is not on the baseline CT's grid", ex.Message, StringComparison.Ordinal);
        var small = Volume.Zeros<byte>(TestGrids.Axial(new GridSize(10, 10, 10), new Vector3D(1, 1, 1)));
        ex = Assert.Throws<PredictionInputException>(() => preparer.Prepare(ct, TestGrids.Box(Baseline, HematomaBox), small, TestContext.Current.CancellationToken));
        Assert.StartsWith("the brain mask is not on the baseline CT's grid", ex.Message, StringComparison.Ordinal);
    }

    private static Volume<float> ToFloat(Volume<byte> mask) => mask.SameGrid(Array.ConvertAll(mask.Voxels, v => (float)v));
}
