using Hem.Dicom.Series;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Nifti;

/// <summary>
/// A NIfTI image as read: its grid, where the placement came from, and its voxels. uint8, int16 and float32 files
/// without scaling keep their type (no copy); every other datatype, and any file whose scl_slope/scl_inter
/// change values, becomes float32 (value x slope + intercept, computed in double). int32 and float64 values
/// beyond float32's 24-bit mantissa are rounded.
/// </summary>
public sealed class NiftiImage
{
    private readonly Volume<byte>? _bytes;
    private readonly Volume<short>? _shorts;
    private readonly Volume<float>? _floats;

    internal NiftiImage(NiftiHeaderFields header, NiftiTransformSource source, Volume<byte>? bytes, Volume<short>? shorts, Volume<float>? floats)
    {
        Header = header;
        TransformSource = source;
        _bytes = bytes;
        _shorts = shorts;
        _floats = floats;
    }

    public NiftiHeaderFields Header { get; }

    public NiftiTransformSource TransformSource { get; }

    public VolumeGeometry Geometry => (_bytes?.Geometry ?? _shorts?.Geometry ?? _floats?.Geometry)!;

    public GridSize Size => Geometry.Size;

    /// <summary>The voxels as float32 (a copy unless they are float32 already).</summary>
    public Volume<float> ToFloat()
    {
        if (_floats is not null)
        {
            return _floats;
        }

        var values = new float[Size.VoxelCount];
        if (_shorts is not null)
        {
            Convert(_shorts.Voxels, values, v => v);
        }
        else
        {
            Convert(_bytes!.Voxels, values, v => v);
        }

        return new Volume<float>(Geometry, values);
    }

    /// <summary>
    /// The voxels as Hounsfield units (int16): shared when the file is unscaled int16; otherwise rounded half away
    /// from zero and clamped to the int16 range, with NaN as -1024 (air).
    /// </summary>
    public Volume<short> ToHounsfield()
    {
        if (_shorts is not null)
        {
            return _shorts;
        }

        var values = new short[Size.VoxelCount];
        if (_bytes is not null)
        {
            Convert(_bytes.Voxels, values, v => v);
        }
        else
        {
            Convert(_floats!.Voxels, values, v => float.IsNaN(v) ? (short)-1024 : (short)Math.Clamp(MathF.Round(v, MidpointRounding.AwayFromZero), short.MinValue, short.MaxValue));
        }

        return new Volume<short>(Geometry, values);
    }

    /// <summary>A 0/1 mask: 1 wherever the value is non-zero (and not NaN). Always a new array.</summary>
    public Volume<byte> ToMask()
    {
        var values = new byte[Size.VoxelCount];
        if (_bytes is not null)
        {
            Convert(_bytes.Voxels, values, v => (byte)(v != 0 ? 1 : 0));
        }
        else if (_shorts is not null)
        {
            Convert(_shorts.Voxels, values, v => (byte)(v != 0 ? 1 : 0));
        }
        else
        {
            Convert(_floats!.Voxels, values, v => (byte)(v != 0 && !float.IsNaN(v) ? 1 : 0));
        }

        return new Volume<byte>(Geometry, values);
    }

    private static void Convert<TIn, TOut>(TIn[] source, TOut[] target, Func<TIn, TOut> convert)
    {
        for (int i = 0; i < source.Length; i++)
        {
            target[i] = convert(source[i]);
        }
    }
}
