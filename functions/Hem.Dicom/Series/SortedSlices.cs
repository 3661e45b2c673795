using System.Globalization;
using Hem.Dicom.Pixels;

namespace Hem.Dicom.Series;

/// <summary>
/// A series' slices checked for a shared image size, pixel spacing and orientation, and sorted along the slice
/// normal (row direction cross column direction) by the projection of ImagePositionPatient onto it.
/// SliceThickness and InstanceNumber play no part: both are unreliable for geometry.
/// </summary>
public sealed class SortedSlices
{
    private SortedSlices(IReadOnlyList<SliceHeader> slices, IReadOnlyList<double> distances, SliceGeometry reference, Vector3D row, Vector3D column)
    {
        Slices = slices;
        Distances = distances;
        Row = row;
        Column = column;
        Normal = row.Cross(column);
        SpacingX = reference.SpacingX;
        SpacingY = reference.SpacingY;
        Rows = reference.Rows;
        Columns = reference.Columns;
    }

    /// <summary>The slices in ascending order along <see cref="Normal"/>.</summary>
    public IReadOnlyList<SliceHeader> Slices { get; }

    /// <summary>Each slice's distance along the normal from the first slice, mm; strictly increasing.</summary>
    public IReadOnlyList<double> Distances { get; }

    /// <summary>The shared row direction, unit length.</summary>
    public Vector3D Row { get; }

    /// <summary>The shared column direction, made exactly orthogonal to <see cref="Row"/>.</summary>
    public Vector3D Column { get; }

    public Vector3D Normal { get; }

    public double SpacingX { get; }

    public double SpacingY { get; }

    public int Rows { get; }

    public int Columns { get; }

    public int Count => Slices.Count;

    public SliceGeometry GeometryOf(int index) => Slices[index].Geometry!;

    public static SortedSlices Arrange(IReadOnlyList<SliceHeader> slices, VolumeBuildOptions options)
    {
        ArgumentNullException.ThrowIfNull(slices);
        ArgumentNullException.ThrowIfNull(options);
        int n = slices.Count;
        if (n < 2)
        {
            throw new SeriesAssemblyException($"the series has {n} slice; a volume needs at least 2");
        }

        for (int i = 0; i < n; i++)
        {
            CheckSlice(slices, i, options);
        }

        var first = slices[0].Geometry!;
        var row = first.RowDirection;
        var column = (first.ColumnDirection - (first.ColumnDirection.Dot(row) * row)).Normalized();
        var normal = row.Cross(column);

        var order = Enumerable.Range(0, n).OrderBy(i => (slices[i].Geometry!.Position - first.Position).Dot(normal)).ToArray();
        var sorted = order.Select(i => slices[i]).ToList();
        var origin = sorted[0].Geometry!.Position;
        var distances = sorted.Select(s => (s.Geometry!.Position - origin).Dot(normal)).ToArray();
        for (int k = 0; k + 1 < n; k++)
        {
            double gap = distances[k + 1] - distances[k];
            if (gap < options.DuplicatePositionTolerance)
            {
                throw new SeriesAssemblyException(string.Create(CultureInfo.InvariantCulture,
                    $"slices {k + 1} and {k + 2} of {n} along the slice normal ({sorted[k].Label} and {sorted[k + 1].Label}) are {gap:0.000} mm apart, less than {options.DuplicatePositionTolerance} mm: duplicate slices, or two acquisitions in one series"));
            }
        }

        return new SortedSlices(sorted, distances, first, row, column);
    }

    private static void CheckSlice(IReadOnlyList<SliceHeader> slices, int i, VolumeBuildOptions options)
    {
        int n = slices.Count;
        var slice = slices[i];
        string name = string.Create(CultureInfo.InvariantCulture, $"slice {i + 1} of {n} ({slice.Label})");
        var geometry = slice.Geometry
            ?? throw new SeriesAssemblyException($"{name} has no ImagePositionPatient, ImageOrientationPatient or PixelSpacing: its place in the volume is unknown");
        CheckPixels(slice.Pixels, name);

        var first = slices[0].Geometry!;
        if (i == 0)
        {
            double dot = geometry.RowDirection.Dot(geometry.ColumnDirection);
            if (Math.Abs(dot) > 1e-3)
            {
                throw new SeriesAssemblyException(string.Create(CultureInfo.InvariantCulture,
                    $"ImageOrientationPatient's row and column directions are not perpendicular (cosine {dot:0.0000}, limit 0.001)"));
            }

            return;
        }

        if (geometry.Rows != first.Rows || geometry.Columns != first.Columns)
        {
            throw new SeriesAssemblyException(string.Create(CultureInfo.InvariantCulture,
                $"{name} is {geometry.Columns} x {geometry.Rows} pixels but slice 1 is {first.Columns} x {first.Rows}: the series mixes image sizes"));
        }

        if (Differs(geometry.SpacingX, first.SpacingX, options) || Differs(geometry.SpacingY, first.SpacingY, options))
        {
            throw new SeriesAssemblyException(string.Create(CultureInfo.InvariantCulture,
                $"{name} has pixel spacing {geometry.SpacingY:0.####} x {geometry.SpacingX:0.####} mm but slice 1 has {first.SpacingY:0.####} x {first.SpacingX:0.####} mm: the series mixes pixel spacings"));
        }

        double rowAngle = geometry.RowDirection.AngleDegreesTo(first.RowDirection);
        double columnAngle = geometry.ColumnDirection.AngleDegreesTo(first.ColumnDirection);
        double angle = Math.Max(rowAngle, columnAngle);
        if (angle > options.OrientationToleranceDegrees)
        {
            throw new SeriesAssemblyException(string.Create(CultureInfo.InvariantCulture,
                $"{name} is oriented {angle:0.0} degrees away from slice 1 (limit {options.OrientationToleranceDegrees} degrees): the series mixes orientations, a localizer or reformat among the axial slices"));
        }
    }

    private static void CheckPixels(PixelDescription pixels, string name)
    {
        if (pixels.SamplesPerPixel != 1 || pixels.PhotometricInterpretation is not ("MONOCHROME2" or "MONOCHROME1"))
        {
            throw new SeriesAssemblyException($"{name} is {pixels.PhotometricInterpretation} with {pixels.SamplesPerPixel} samples per pixel; CT slices are monochrome");
        }
    }

    private static bool Differs(double value, double reference, VolumeBuildOptions options) =>
        Math.Abs(value - reference) > options.PixelSpacingTolerance * reference;
}
