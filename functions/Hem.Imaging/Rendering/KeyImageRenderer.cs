using System.Runtime.InteropServices;
using Hem.Imaging.Volumes;
using SkiaSharp;

namespace Hem.Imaging.Rendering;

/// <summary>
/// Axial key images as PNG: one slice of the CT in a display window (the brain window unless told otherwise), laid
/// out in the radiological convention (<see cref="RadiologicalView"/>), with the in-slice outline of each mask
/// drawn over it in its colour, one image pixel per voxel. Outlines are written into the pixels directly, not drawn
/// with anti-aliased paths, so an outline pixel has exactly its colour; a later mask in the list covers an earlier
/// one where their outlines meet.
/// </summary>
public static class KeyImageRenderer
{
    public static byte[] RenderPng(Volume<short> ct, IReadOnlyList<(Volume<byte> Mask, SKColor Colour)> outlines, int slice) =>
        RenderPng(ct, outlines, slice, DisplayWindow.Brain);

    public static byte[] RenderPng(Volume<short> ct, IReadOnlyList<(Volume<byte> Mask, SKColor Colour)> outlines, int slice, DisplayWindow window)
    {
        ArgumentNullException.ThrowIfNull(ct);
        ArgumentNullException.ThrowIfNull(outlines);
        ArgumentOutOfRangeException.ThrowIfNegative(slice);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slice, ct.Size.Z);
        foreach (var (mask, _) in outlines)
        {
            ArgumentNullException.ThrowIfNull(mask, nameof(outlines));
            if (mask.Size != ct.Size)
            {
                throw new ArgumentException($"a {mask.Size} mask is not on the {ct.Size} grid of the CT", nameof(outlines));
            }
        }

        var view = RadiologicalView.Of(ct.Geometry);
        var pixels = new uint[view.Width * view.Height];
        for (int row = 0; row < view.Height; row++)
        {
            for (int column = 0; column < view.Width; column++)
            {
                var (x, y) = view.VoxelAt(column, row);
                byte grey = window.ToGrey(ct[x, y, slice]);
                pixels[(row * view.Width) + column] = Rgba(grey, grey, grey);
            }
        }

        foreach (var (mask, colour) in outlines)
        {
            uint value = Rgba(colour.Red, colour.Green, colour.Blue);
            for (int y = 0; y < ct.Size.Y; y++)
            {
                for (int x = 0; x < ct.Size.X; x++)
                {
                    if (SliceOutline.IsBoundary(mask, x, y, slice))
                    {
                        var (column, row) = view.PixelOf(x, y);
                        pixels[(row * view.Width) + column] = value;
                    }
                }
            }
        }

        var info = new SKImageInfo(view.Width, view.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var image = SKImage.FromPixelCopy(info, MemoryMarshal.AsBytes(pixels.AsSpan()), info.RowBytes)
            ?? throw new InvalidOperationException("SkiaSharp could not make an image of the slice");
        using var png = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the slice as PNG");
        return png.ToArray();
    }

    // RGBA8888 in memory order R, G, B, A, so little-endian uint A<<24 | B<<16 | G<<8 | R; outlines are opaque.
    private static uint Rgba(byte red, byte green, byte blue) =>
        BitConverter.IsLittleEndian
            ? 0xFF000000u | ((uint)blue << 16) | ((uint)green << 8) | red
            : ((uint)red << 24) | ((uint)green << 16) | ((uint)blue << 8) | 0xFFu;
}
