using System.CommandLine;
using System.Globalization;
using Hem.Dicom;
using Hem.Dicom.Deidentification;
using Hem.Dicom.Validation;

namespace Hem.Cli.Commands;

/// <summary>
/// <c>hem dicom audit &lt;folder&gt;</c>: reports every attribute that still holds identifying data, as
/// <c>file N/M: (gggg,eeee) Keyword: rule</c> (files are numbered in ordinal path order; names and values are never
/// printed, since both may identify a patient). Exit 0 when clean, 1 when anything is found, 2 for bad input.
/// </summary>
public static class DicomAuditCommand
{
    public const int Findings = 1;
    public const int BadInput = 2;

    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "A folder of de-identified DICOM files (searched recursively), a .zip of them, or one file." };
        var command = new Command("audit", "Report attributes that still hold identifying data (tags and keywords, never values). Exit 1 if any, 0 if clean, 2 for bad input.")
        {
            folder,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(folder)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string folder, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            if (!Path.Exists(folder))
            {
                await stderr.WriteLineAsync("hem dicom audit: the input does not exist");
                return BadInput;
            }

            await using var study = await StudyInput.OpenAsync(folder, cancellationToken: cancellationToken);
            if (study.Refusal is { } refusal)
            {
                await stderr.WriteLineAsync($"hem dicom audit: the input was refused ({refusal.Code}): {refusal.Reason}");
                return BadInput;
            }

            var sources = study.Sources;
            var auditor = new DeidentificationAuditor();
            int dicom = 0, findings = 0, filesWithFindings = 0;
            for (int i = 0; i < sources.Count; i++)
            {
                DicomFile file;
                try
                {
                    file = await sources[i].ReadAsync(DicomReadOptions.Default, cancellationToken);
                }
                catch (DicomFormatException)
                {
                    continue;
                }

                dicom++;
                var found = auditor.Audit(file);
                if (found.Count > 0)
                {
                    filesWithFindings++;
                    findings += found.Count;
                }

                foreach (var finding in found)
                {
                    await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"file {i + 1}/{sources.Count}: {finding}"));
                }
            }

            if (dicom == 0)
            {
                await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"hem dicom audit: no DICOM files in the input ({sources.Count} files read)"));
                return BadInput;
            }

            await stdout.WriteLineAsync(findings == 0
                ? string.Create(CultureInfo.InvariantCulture, $"audited {dicom} DICOM files: clean")
                : string.Create(CultureInfo.InvariantCulture, $"audited {dicom} DICOM files: {findings} findings in {filesWithFindings} files"));
            return findings == 0 ? 0 : Findings;
        }
        catch (DicomFormatException ex)
        {
            await stderr.WriteLineAsync($"hem dicom audit: {ex.Message.ReplaceLineEndings(" ")}");
            return BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The runtime's messages quote paths, and file names are often patient names: name the failure only.
            await stderr.WriteLineAsync($"hem dicom audit: a file could not be read ({ex.GetType().Name})");
            return BadInput;
        }
    }
}
