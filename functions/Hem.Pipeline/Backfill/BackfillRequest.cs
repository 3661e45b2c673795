using System.Globalization;
using System.Text.RegularExpressions;
using Hem.Pipeline.Intake;

namespace Hem.Pipeline.Backfill;

/// <summary>
/// What a researcher asks a backfill to run over: the studies (zips, <c>_READY</c> folders, NIfTI volumes, as intake
/// recognises them) under a container and prefix, filtered by last-modified time and a name pattern, at most
/// <see cref="Limit"/> of them, <see cref="MaxConcurrency"/> studies at a time. Studies that already have results for the
/// served model version (or whose input was rejected before) are skipped unless <see cref="Force"/>.
/// </summary>
public sealed partial record BackfillRequest
{
    public const int DefaultMaxConcurrency = 2;

    /// <summary>The most studies at a time; the inference service's capacity is the real limit.</summary>
    public const int MaxAllowedConcurrency = 64;

    public string Container { get; init; } = IntakeFilter.DefaultIncomingContainer;

    public string Prefix { get; init; } = "";

    /// <summary>Only blobs modified at or after this time.</summary>
    public DateTimeOffset? ModifiedSince { get; init; }

    /// <summary>Only blobs modified before this time.</summary>
    public DateTimeOffset? ModifiedUntil { get; init; }

    /// <summary>A glob on the blob name below the container (<c>*</c> any run of characters, <c>?</c> one), case-sensitive.</summary>
    public string? NamePattern { get; init; }

    /// <summary>At most this many studies, in listing order.</summary>
    public int? Limit { get; init; }

    /// <summary>Run studies that already have results for the served model version too.</summary>
    public bool Force { get; init; }

    /// <summary>Studies at a time; null takes the host's setting (<c>Hem:Backfill:MaxConcurrency</c>).</summary>
    public int? MaxConcurrency { get; init; }

    /// <summary>
    /// Studies per page: the orchestration lists, runs and records a page, then continues as new, so its history holds
    /// one page (default <see cref="DefaultPageSize"/>).
    /// </summary>
    public int PageSize { get; init; } = DefaultPageSize;

    public const int DefaultPageSize = 50;

    public const int MaxPageSize = 500;

    /// <summary>What is wrong with the request, in sentences; empty when it can run.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Container) || !ContainerName().IsMatch(Container))
        {
            problems.Add("container must be a storage container name (3 to 63 lower-case letters, digits and single hyphens)");
        }

        if (Prefix is null)
        {
            problems.Add("prefix must be text (empty for the whole container)");
        }

        if (ModifiedSince is { } since && ModifiedUntil is { } until && since >= until)
        {
            problems.Add("modifiedSince must be before modifiedUntil");
        }

        if (Limit is < 1)
        {
            problems.Add("limit must be at least 1");
        }

        if (MaxConcurrency is < 1 or > MaxAllowedConcurrency)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"maxConcurrency must be from 1 to {MaxAllowedConcurrency}"));
        }

        if (PageSize is < 1 or > MaxPageSize)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"pageSize must be from 1 to {MaxPageSize}"));
        }

        if (NamePattern is { Length: > 1024 })
        {
            problems.Add("namePattern is longer than 1024 characters");
        }

        return problems;
    }

    /// <summary>Whether a blob name matches <see cref="NamePattern"/> (every name when there is none).</summary>
    public bool MatchesName(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        return NamePattern is null || Glob(NamePattern).IsMatch(blobName);
    }

    /// <summary>Whether a blob's last-modified time is inside the requested window.</summary>
    public bool MatchesTime(DateTimeOffset lastModified) =>
        (ModifiedSince is not { } since || lastModified >= since) && (ModifiedUntil is not { } until || lastModified < until);

    private static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));

    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ContainerName();
}
