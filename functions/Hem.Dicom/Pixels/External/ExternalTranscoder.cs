namespace Hem.Dicom.Pixels.External;

/// <summary>
/// Decompresses by running an installed tool on a temporary Part 10 file and decoding its uncompressed output
/// natively. The files live in a folder only this user can read and are deleted whatever happens.
/// </summary>
internal sealed class ExternalTranscoder(string toolName, string executablePath, ExternalToolOptions options, Func<string, string, IReadOnlyList<string>> arguments)
{
    private const string InputName = "input.dcm";
    private const string OutputName = "output.dcm";

    public async Task<IFrameDecoder> DecodeAsync(DicomFile file, PixelDescription description, CancellationToken cancellationToken)
    {
        byte[] input = DicomWriter.ToPart10Bytes(TranscoderInput.Build(file, description), file.TransferSyntax);
        string folder = CreatePrivateFolder();
        try
        {
            string inputPath = Path.Combine(folder, InputName);
            string outputPath = Path.Combine(folder, OutputName);
            await File.WriteAllBytesAsync(inputPath, input, cancellationToken);
            int exitCode = await ToolProcess.RunAsync(toolName, executablePath, arguments(inputPath, outputPath), options.Timeout, cancellationToken);
            if (exitCode != 0 || !File.Exists(outputPath))
            {
                throw new DicomFormatException(
                    $"{toolName} could not decode the {file.TransferSyntax.Name} pixel data (exit code {exitCode}): the codestream is corrupt or uses a feature the tool lacks");
            }

            var output = await DicomReader.ReadFileAsync(outputPath, cancellationToken: cancellationToken);
            return ToNativeDecoder(description, output);
        }
        finally
        {
            await DeleteFolderAsync(folder);
        }
    }

    /// <summary>
    /// The tool's output decoded natively. Its byte layout (bits allocated, planar configuration) and photometric
    /// interpretation (JPEG 2000 undoes its colour transform) are the tool's; which bits are stored and whether they
    /// are signed stay those of the original, since tools disagree on signedness of unsigned codestreams.
    /// </summary>
    private NativeFrameDecoder ToNativeDecoder(PixelDescription description, DicomFile output)
    {
        if (output.TransferSyntax.Encapsulated || output.Dataset[DicomTag.PixelData] is not DicomValueElement pixels)
        {
            throw new DicomFormatException($"{toolName} did not produce uncompressed pixel data (output transfer syntax {output.TransferSyntax.Uid})");
        }

        var produced = PixelDescription.Read(output.Dataset);
        if (produced.Rows != description.Rows || produced.Columns != description.Columns
            || produced.SamplesPerPixel != description.SamplesPerPixel || produced.NumberOfFrames != description.NumberOfFrames
            || produced.BitsAllocated < description.BitsStored)
        {
            throw new DicomFormatException(
                $"{toolName} produced {produced.NumberOfFrames} frames of {produced.Columns} x {produced.Rows} x {produced.SamplesPerPixel} at {produced.BitsAllocated} bits "
                + $"for {description.NumberOfFrames} frames of {description.Columns} x {description.Rows} x {description.SamplesPerPixel} with {description.BitsStored} bits stored");
        }

        var layout = description with
        {
            BitsAllocated = produced.BitsAllocated,
            PlanarConfiguration = produced.PlanarConfiguration,
            PhotometricInterpretation = produced.PhotometricInterpretation,
        };
        return new NativeFrameDecoder(layout, pixels.Bytes);
    }

    private string CreatePrivateFolder()
    {
        if (options.TemporaryRoot is null)
        {
            // Created with mode 0700 on Unix.
            return Directory.CreateTempSubdirectory("hem-codec-").FullName;
        }

        string path = Path.Combine(options.TemporaryRoot, "hem-codec-" + Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static async Task DeleteFolderAsync(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Deleting must not replace the exception that ended the decode; a second attempt covers a tool that
            // was still closing its output when it was killed.
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception retry) when (retry is IOException or UnauthorizedAccessException)
            {
                // Nothing more can be done here; the folder is private to this user.
            }
        }
    }
}
