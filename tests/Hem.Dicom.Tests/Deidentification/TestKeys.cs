using System.Text;
using Hem.Dicom.Deidentification;

namespace Hem.Dicom.Tests.Deidentification;

/// <summary>Fixed keys, so test outcomes are reproducible (a real deployment's key is random and secret).</summary>
internal static class TestKeys
{
    public static DeidentificationKey Deployment { get; } = DeidentificationKey.FromBytes(Encoding.ASCII.GetBytes("hemfunctions test deployment key, 0123456789"));

    public static DeidentificationKey Other { get; } = DeidentificationKey.FromBytes(Encoding.ASCII.GetBytes("another deployment's key: abcdefghijklmnopqrstuv"));

    public static DatasetDeidentifier Basic() => new(Deployment, DeidentificationOptions.Basic);

    public static DatasetDeidentifier Research() => new(Deployment, DeidentificationOptions.Research);

    public static DicomFile AsFile(DicomDataset dataset) => DicomReader.Read(DicomWriter.ToPart10Bytes(dataset));
}
