using Hem.Dicom.Series;
using Hem.Imaging.Rendering;
using Hem.Imaging.Tests.Segmentation;
using Hem.Imaging.Volumes;
using SkiaSharp;

namespace Hem.Imaging.Tests.Rendering;

public sealed class KeyImageRendererTests
{
    private static readonly SKColor Baseline = SKColors.Yellow;
    private static readonly SKColor Predicted = SKColors.Red;

    [Fact]
    public void A_synthetic_slice_shows_every_voxel_in_the_brain_window_and_the_blob_outline_exactly_on_its_border()
    {
        var head = new SyntheticHead([SyntheticHead.DeepBlob], noiseSd: 0);
        var blob = head.BloodTruth();
        int slice = KeySliceChooser.Choose(blob).Peak;

        using var image = Decode(KeyImageRenderer.RenderPng(head.Ct, [(blob, Baseline)], slice));

        Assert.Equal((212, 250), (image.Width, image.Height));
        var view = RadiologicalView.Of(head.Ct.Geometry);
        int outlinePixels = 0;
        for (int row = 0; row < image.Height; row++)
        {
            for (int column = 0; column < image.Width; column++)
            {
                var (x, y) = view.VoxelAt(column, row);
                var pixel = image.GetPixel(column, row);
                if (SliceOutline.IsBoundary(blob, x, y, slice))
                {
                    outlinePixels++;
                    Assert.Equal(Baseline, pixel);
                }
                else
                {
                    byte grey = DisplayWindow.Brain.ToGrey(head.Ct[x, y, slice]);
                    Assert.Equal(new SKColor(grey, grey, grey), pixel);
                }
            }
        }

        Assert.True(outlinePixels > 50, $"{outlinePixels} outline pixels");
    }

    [Fact]
    public void Chosen_pixels_show_the_HU_the_window_promises()
    {
        var head = new SyntheticHead([SyntheticHead.DeepBlob], noiseSd: 0);
        int slice = head.Ct.Geometry.PatientToIndex(new Vector3D(0, 0, 8)).Z is var z ? (int)Math.Round(z) : 0;
        var view = RadiologicalView.Of(head.Ct.Geometry);

        using var image = Decode(KeyImageRenderer.RenderPng(head.Ct, [], slice));

        // Blood (70 HU) near white, brain (35 +/- 3) mid-grey, bone white, air black.
        Assert.InRange(GreyAt(image, view, head, new Vector3D(-22, -8, 8)), 220, 225);
        Assert.InRange(GreyAt(image, view, head, new Vector3D(30, 40, 8)), 100, 122);
        Assert.Equal(255, GreyAt(image, view, head, new Vector3D(0, 83.5, 8)));
        Assert.Equal(0, GreyAt(image, view, head, new Vector3D(0, 0, 8) + new Vector3D(0, -95, 0)));
    }

    [Fact]
    public void The_patients_left_is_on_the_images_right_whichever_way_the_rows_run()
    {
        foreach (var row in new[] { new Vector3D(1, 0, 0), new Vector3D(-1, 0, 0) })
        {
            var column = new Vector3D(0, 1, 0);
            var geometry = new VolumeGeometry(new GridSize(20, 10, 1), new Vector3D(1, 1, 1), new Vector3D(0, 0, 0), row, column, row.Cross(column));
            var ct = Volume.Zeros<short>(geometry);

            // Bright on the patient's left half (LPS x greater than the grid's middle), dark on the right.
            double middle = geometry.IndexToPatient(9.5, 0, 0).X;
            foreach (var (x, y, z) in TestVolumes.Voxels(geometry.Size))
            {
                ct[x, y, z] = (short)(geometry.IndexToPatient(x, y, z).X > middle ? 80 : 0);
            }

            using var image = Decode(KeyImageRenderer.RenderPng(ct, [], 0));

            Assert.Equal(SKColors.White, image.GetPixel(19, 5));
            Assert.Equal(SKColors.Black, image.GetPixel(0, 5));
        }
    }

    [Fact]
    public void The_later_outline_covers_the_earlier_where_they_meet()
    {
        var geometry = TestVolumes.Grid(12, 12, 1);
        var ct = Volume.Zeros<short>(geometry);
        var square = TestVolumes.Mask(geometry, [.. TestVolumes.Voxels(geometry.Size).Where(v => v.X is >= 2 and <= 8 && v.Y is >= 2 and <= 8)]);
        var smaller = TestVolumes.Mask(geometry, [.. TestVolumes.Voxels(geometry.Size).Where(v => v.X is >= 2 and <= 5 && v.Y is >= 2 and <= 5)]);

        using var image = Decode(KeyImageRenderer.RenderPng(ct, [(square, Baseline), (smaller, Predicted)], 0));

        Assert.Equal(Predicted, image.GetPixel(2, 2));
        Assert.Equal(Predicted, image.GetPixel(5, 3));
        Assert.Equal(Baseline, image.GetPixel(8, 8));
        Assert.Equal(Baseline, image.GetPixel(2, 7));
        Assert.Equal(SKColors.Black, image.GetPixel(4, 4));
        Assert.Equal(SKColors.Black, image.GetPixel(7, 7));
        Assert.Equal(SKColors.Black, image.GetPixel(0, 0));
    }

    [Fact]
    public async Task A_slice_of_the_Philips_series_renders_in_the_brain_window_with_the_brain_outline()
    {
        Assert.SkipUnless(Directory.Exists(RealHeads.Folder(RealHeads.PhilipsPhantom)), $"the DICOM fixtures are not at {Hem.Testing.RepositoryPaths.DicomFixtures}");
        var ct = await RealHeads.LoadAsync(RealHeads.PhilipsPhantom, TestContext.Current.CancellationToken);
        var outline = Volume.Zeros<byte>(ct.Geometry);
        for (int y = 200; y < 300; y++)
        {
            for (int x = 150; x < 260; x++)
            {
                outline[x, y, 14] = 1;
            }
        }

        using var image = Decode(KeyImageRenderer.RenderPng(ct, [(outline, Predicted)], 14));

        Assert.Equal((512, 512), (image.Width, image.Height));
        var view = RadiologicalView.Of(ct.Geometry);
        for (int row = 0; row < image.Height; row += 3)
        {
            for (int column = 0; column < image.Width; column += 3)
            {
                var (x, y) = view.VoxelAt(column, row);
                byte grey = DisplayWindow.Brain.ToGrey(ct[x, y, 14]);
                var expected = SliceOutline.IsBoundary(outline, x, y, 14) ? Predicted : new SKColor(grey, grey, grey);
                Assert.Equal(expected, image.GetPixel(column, row));
            }
        }

        Assert.Equal(Predicted, image.GetPixel(150, 250));
        Assert.Equal(Predicted, image.GetPixel(259, 299));
    }

    [Fact]
    public void A_slice_outside_the_volume_or_a_mask_on_another_grid_is_refused()
    {
        var ct = Volume.Zeros<short>(TestVolumes.Grid(6, 6, 2));
        var other = Volume.Zeros<byte>(TestVolumes.Grid(6, 6, 3));

        Assert.Throws<ArgumentOutOfRangeException>(() => KeyImageRenderer.RenderPng(ct, [], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyImageRenderer.RenderPng(ct, [], -1));
        Assert.Throws<ArgumentException>(() => KeyImageRenderer.RenderPng(ct, [(other, Baseline)], 0));
    }

    private static SKBitmap Decode(byte[] png)
    {
        Assert.True(png.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']), "not a PNG");
        return SKBitmap.Decode(png) ?? throw new InvalidOperationException("SkiaSharp could not decode the PNG");
    }

    private static byte GreyAt(SKBitmap image, RadiologicalView view, SyntheticHead head, Vector3D point)
    {
        var index = head.Ct.Geometry.PatientToIndex(point);
        var (column, row) = view.PixelOf((int)Math.Round(index.X), (int)Math.Round(index.Y));
        var pixel = image.GetPixel(column, row);
        Assert.Equal(pixel.Red, pixel.Green);
        Assert.Equal(pixel.Red, pixel.Blue);
        return pixel.Red;
    }
}
