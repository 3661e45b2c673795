using System.CommandLine;

namespace Hem.Cli.Commands;

/// <summary>
/// <c>hem dicom</c>: the commands that read DICOM. A new subcommand joins by adding one line to
/// <see cref="Subcommands"/>.
/// </summary>
public static class DicomCommand
{
    public static Command Create()
    {
        var command = new Command("dicom", "Read, inspect, convert and de-identify DICOM files.");
        foreach (var subcommand in Subcommands())
        {
            command.Subcommands.Add(subcommand);
        }

        return command;
    }

    private static IEnumerable<Command> Subcommands() =>
    [
        DicomInfoCommand.Create(),
        DicomVolumeCommand.Create(),
        DicomDeidentifyCommand.Create(),
        DicomAuditCommand.Create(),
    ];
}
