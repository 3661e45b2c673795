using Hem.Dicom.Pixels;

namespace Hem.Dicom.Series;

/// <summary>
/// Decodes slices one at a time, keeping only the object being read open: the frames of a multi-frame object
/// come from one read, a single-frame image's file is released once its slice is decoded.
/// </summary>
internal sealed class SliceFrames(PixelDecoder decoder, int rows, int columns) : IDisposable
{
    private IDicomSource? _source;
    private IFrameDecoder? _decoder;
    private PooledBytes? _bytes;

    public void Dispose() => Release();

    /// <summary>Decodes a slice's stored values into <paramref name="stored"/> (rows x columns).</summary>
    public async Task DecodeAsync(SliceHeader slice, int[] stored, CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(_source, slice.Source))
        {
            // Drop the previous object before reading the next, so at most one file's bytes are held; the buffer
            // goes back to the pool only once nothing decoded from it remains.
            Release();
            _bytes = await slice.Source.ReadBytesAsync(DicomReadOptions.Default.MaxFileBytes, cancellationToken);
            var file = DicomReader.Read(_bytes.Memory);
            var opened = await decoder.OpenAsync(file, cancellationToken);
            var d = opened.Description;
            if (d.Rows != rows || d.Columns != columns || d.SamplesPerPixel != 1)
            {
                throw new SeriesAssemblyException($"{slice.Label} decodes to {d.Columns} x {d.Rows} x {d.SamplesPerPixel} values but its header said {columns} x {rows} x 1");
            }

            _decoder = opened;
            _source = slice.Source;
        }

        if (slice.Frame >= _decoder!.Description.NumberOfFrames)
        {
            throw new SeriesAssemblyException($"{slice.Label} is beyond the {_decoder.Description.NumberOfFrames} frames its object holds");
        }

        _decoder.DecodeFrame(slice.Frame, stored);
    }

    private void Release()
    {
        _source = null;
        _decoder = null;
        _bytes?.Dispose();
        _bytes = null;
    }
}
