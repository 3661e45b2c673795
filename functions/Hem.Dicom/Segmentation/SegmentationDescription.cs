namespace Hem.Dicom.Segmentation;

/// <summary>
/// What the caller says about the segmentation object itself: series and instance numbers, Content Label, the
/// content date and time (given, so the writer reads no clock and the same inputs give the same bytes), and the
/// Enhanced General Equipment attributes, which are all Type 1 for a segmentation (PS3.3 C.7.5.2).
/// </summary>
public sealed record SegmentationDescription
{
    public SegmentationDescription(int seriesNumber, string contentLabel, DateTime contentDateTime, string manufacturerModelName, string deviceSerialNumber, string softwareVersions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seriesNumber);
        DicomText.RequireCodeString(contentLabel, nameof(contentLabel));
        DicomText.RequireLongString(manufacturerModelName, nameof(manufacturerModelName));
        DicomText.RequireLongString(deviceSerialNumber, nameof(deviceSerialNumber));
        foreach (string version in (softwareVersions ?? throw new ArgumentNullException(nameof(softwareVersions))).Split('\\'))
        {
            DicomText.RequireLongString(version, nameof(softwareVersions));
        }

        SeriesNumber = seriesNumber;
        ContentLabel = contentLabel;
        ContentDateTime = contentDateTime;
        ManufacturerModelName = manufacturerModelName;
        DeviceSerialNumber = deviceSerialNumber;
        SoftwareVersions = softwareVersions;
    }

    /// <summary>Manufacturer (0008,0070) of every segmentation this project writes.</summary>
    public const string Manufacturer = "HemFunctions";

    public int SeriesNumber { get; }

    /// <summary>Instance Number within the series; 1 for the one segmentation of a series.</summary>
    public int InstanceNumber
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "an Instance Number is at least 1");
    } = 1;

    /// <summary>Content Label (CS): upper-case letters, digits, spaces and underscores, at most 16.</summary>
    public string ContentLabel { get; }

    /// <summary>Content Description (LO, Type 2): empty is allowed.</summary>
    public string ContentDescription
    {
        get;
        init => field = Optional(value, nameof(ContentDescription));
    } = string.Empty;

    /// <summary>Series Description (LO, Type 3): empty leaves it out.</summary>
    public string SeriesDescription
    {
        get;
        init => field = Optional(value, nameof(SeriesDescription));
    } = string.Empty;

    /// <summary>Content Date and Time, also written as Series Date and Time and Instance Creation Date and Time.</summary>
    public DateTime ContentDateTime { get; }

    public string ManufacturerModelName { get; }

    public string DeviceSerialNumber { get; }

    /// <summary>Software Versions (LO, one or more values separated by backslashes): the writer's and the model's versions.</summary>
    public string SoftwareVersions { get; }

    private static string Optional(string value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length > 0)
        {
            DicomText.RequireLongString(value, name);
        }

        return value;
    }
}
