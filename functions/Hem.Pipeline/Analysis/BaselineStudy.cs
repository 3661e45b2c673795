using Hem.Dicom.Deidentification;
using Hem.Dicom.Series;
using Hem.Imaging.Volumes;

namespace Hem.Pipeline.Analysis;

/// <summary>
/// The baseline study as the analysis works on it: the CT in HU on its grid, a baseline mask when the input came
/// with one, and, for DICOM input, the de-identified series the volume was built from.
/// </summary>
/// <param name="Ct">The CT in Hounsfield units.</param>
/// <param name="GivenMask">A baseline hematoma mask that came with the input (research NIfTI), or null to segment one.</param>
/// <param name="Source">The de-identified DICOM series, or null for NIfTI input.</param>
/// <param name="Description">What was read, in words without patient data ("series 2 of 3: CT, 28 slices").</param>
/// <param name="Corrections">Geometry corrections made while building the volume (tilt, uneven spacing).</param>
public sealed record BaselineStudy(Volume<short> Ct, Volume<byte>? GivenMask, DeidentifiedSeries? Source, string Description, IReadOnlyList<string> Corrections);

/// <summary>The de-identified copy of the chosen series: its folder, the series as scanned from it, and the study key.</summary>
public sealed record DeidentifiedSeries(string Folder, DicomSeries Series, StudyKey StudyKey);
