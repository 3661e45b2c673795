using Hem.Dicom.Series;

namespace Hem.Dicom.Validation;

/// <summary>
/// One series of the study as selection sees it: its slices (when any could be read), the header facts of its
/// objects, how many of its objects could not be read, and its shape measured from the slice positions. Named in
/// messages by its place among the study's series ("series 2 of 3"), never by its UID or description.
/// </summary>
internal sealed class SeriesCandidate
{
    /// <summary>Slices whose normals differ by more than this are not one stack.</summary>
    private const double ParallelToleranceDegrees = 1;

    private static readonly Vector3D HeadFootAxis = new(0, 0, 1);

    private readonly IReadOnlyDictionary<IDicomSource, ObjectFacts> _facts;
    private readonly Lazy<double[]> _distances;

    public SeriesCandidate(int index, int seriesCount, DicomSeries? series, IReadOnlyDictionary<IDicomSource, ObjectFacts> facts, ObjectProblems problems)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(problems);
        Index = index;
        SeriesCount = seriesCount;
        Series = series;
        _facts = facts;
        Problems = problems;
        _distances = new Lazy<double[]>(MeasureDistances);
    }

    /// <summary>1-based, in SeriesInstanceUID order, so the numbering does not depend on file order.</summary>
    public int Index { get; }

    public int SeriesCount { get; }

    /// <summary>"series 2 of 3".</summary>
    public string Name => $"series {Index} of {SeriesCount}";

    /// <summary>"Series 2 of 3", to start a sentence.</summary>
    public string Subject => $"Series {Index} of {SeriesCount}";

    /// <summary>The readable slices; null when none of the series' objects could be read as an image.</summary>
    public DicomSeries? Series { get; }

    public IReadOnlyList<SliceHeader> Slices => Series?.Slices ?? [];

    public int SliceCount => Slices.Count;

    /// <summary>The facts of every object whose header was read, in no particular order.</summary>
    public IEnumerable<ObjectFacts> Objects => _facts.Values;

    public int ReadableObjects => _facts.Count;

    public ObjectProblems Problems { get; }

    public ObjectFacts FactsOf(SliceHeader slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        return _facts[slice.Source];
    }

    /// <summary>The first slice's geometry that is known; slices without one are refused later, by the geometry check.</summary>
    public SliceGeometry? Reference => Slices.Select(s => s.Geometry).FirstOrDefault(g => g is not null);

    public bool AllHaveGeometry => Slices.Count > 0 && Slices.All(s => s.Geometry is not null);

    /// <summary>The angle between the first slice's normal and the head-to-foot axis, 0 to 90 degrees.</summary>
    public double? AxialDeviationDegrees =>
        Reference is { } reference ? Math.Min(reference.Normal.AngleDegreesTo(HeadFootAxis), reference.Normal.AngleDegreesTo(-HeadFootAxis)) : null;

    public bool AllParallel =>
        Reference is { } reference && Slices.All(s => s.Geometry is { } g && g.Normal.AngleDegreesTo(reference.Normal) <= ParallelToleranceDegrees);

    /// <summary>First slice centre to last along the first slice's normal, mm (0 without geometry).</summary>
    public double CoverageMm => _distances.Value is { Length: > 1 } d ? d[^1] - d[0] : 0;

    /// <summary>The widest step between neighbouring slices along the normal, mm.</summary>
    public double LargestGapMm
    {
        get
        {
            var d = _distances.Value;
            return d.Length > 1 ? Enumerable.Range(0, d.Length - 1).Max(k => d[k + 1] - d[k]) : 0;
        }
    }

    /// <summary>SliceThickness when the header gives it, else the median step between slices.</summary>
    public double? ThicknessMm
    {
        get
        {
            if (Slices.Count > 0 && FactsOf(Slices[0]).SliceThicknessMm is { } thickness)
            {
                return thickness;
            }

            var d = _distances.Value;
            if (d.Length < 2)
            {
                return null;
            }

            var steps = Enumerable.Range(0, d.Length - 1).Select(k => d[k + 1] - d[k]).Order().ToArray();
            return steps[steps.Length / 2];
        }
    }

    private double[] MeasureDistances()
    {
        if (Reference is not { } reference)
        {
            return [];
        }

        var normal = reference.Normal;
        return Slices.Where(s => s.Geometry is not null).Select(s => s.Geometry!.Position.Dot(normal)).Order().ToArray();
    }
}
