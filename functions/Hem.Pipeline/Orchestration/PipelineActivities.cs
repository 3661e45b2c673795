using System.Text.Json;
using Azure.Storage.Blobs;
using Hem.Dicom.Deidentification;
using Hem.Imaging.Metrics;
using Hem.Pipeline.Analysis;
using Hem.Pipeline.Events;
using Hem.Pipeline.Inference;
using Hem.Pipeline.Intake;
using Hem.Pipeline.Telemetry;
using Hem.Prediction;
using Hem.Prediction.Grid;
using Microsoft.Extensions.Logging;

namespace Hem.Pipeline.Orchestration;

/// <summary>
/// Step validate: fetches the submitted study (while its ETag still matches) and validates it as it came: a DICOM study
/// by the validation rules, a research volume by reading it (and its mask beside it). Answers the input's kind and
/// SHA-256, or a rejection.
/// </summary>
public sealed class ValidateStudy(BlobServiceClient blobs, StudyPipelineOptions options, ILogger<ValidateStudy> logger)
    : PipelineActivity<StudyPipelineInput, ValidatedStudy>(options, logger)
{
    protected override async Task<ValidatedStudy> RunStepAsync(ActivityRun run, StudyPipelineInput input, CancellationToken cancellationToken)
    {
        bool nifti = input.Kind == SubmissionKind.Nifti;
        string kind = nifti ? AnalysisInput.Nifti : AnalysisInput.Dicom;
        var steps = new StepRunner(null);
        string hash = "";
        try
        {
            string local = await new StudyFetcher(blobs).FetchAsync(input, run.Folder("input"), cancellationToken);
            hash = await InputHash.Sha256Async(local, cancellationToken);
            if (nifti)
            {
                // Reading the volume is a research volume's validation; preprocess reads it again on its own worker.
                await steps.RunAsync(DicomStudyChecks.ValidateStep, () => NiftiStudyLoader.LoadAsync(local, new StepRunner(null), cancellationToken));
            }
            else
            {
                await new DicomStudyChecks().ValidateAsync(local, steps, cancellationToken);
            }

            return new ValidatedStudy(kind, hash, null, steps.Timings);
        }
        catch (StudyRejectedException ex)
        {
            return new ValidatedStudy(kind, hash, run.Reject(StudyRejection.Of(ex)), steps.Timings);
        }
        catch (AnalysisInputException ex)
        {
            return new ValidatedStudy(kind, hash, run.Reject(StudyRejection.Of(ex)), steps.Timings);
        }
    }
}

/// <summary>
/// Step deidentify (DICOM): fetches the study again and de-identifies it whole (basic profile, keyed by the
/// deployment's key) into the work area under <c>deidentified/</c>. Answers the study key, or a rejection (more than
/// one study).
/// </summary>
public sealed class DeidentifyStudy(BlobServiceClient blobs, DeidentificationKey key, StudyPipelineOptions options, ILogger<DeidentifyStudy> logger)
    : PipelineActivity<StudyPipelineInput, DeidentifiedStudy>(options, logger)
{
    public const string Prefix = DicomStudyLoader.DeidentifiedFolder + "/";

    private readonly StudyPipelineOptions _options = options;

    protected override async Task<DeidentifiedStudy> RunStepAsync(ActivityRun run, StudyPipelineInput input, CancellationToken cancellationToken)
    {
        var steps = new StepRunner(null);
        string local = await new StudyFetcher(blobs).FetchAsync(input, run.Folder("input"), cancellationToken);
        string folder = run.Folder("deidentified");
        StudyKey studyKey;
        try
        {
            studyKey = await new DicomStudyLoader(key).DeidentifyAsync(local, folder, steps, cancellationToken);
        }
        catch (StudyRejectedException ex)
        {
            return new DeidentifiedStudy(null, 0, run.Reject(StudyRejection.Of(ex)), steps.Timings);
        }

        run.TagStudyKey(studyKey.Value);
        int objects = await new WorkArea(blobs, _options, run.InstanceId).PutFolderAsync(folder, Prefix, cancellationToken);
        return new DeidentifiedStudy(studyKey.Value, objects, null, steps.Timings);
    }
}

/// <summary>
/// Step preprocess: the baseline CT on its grid (DICOM: the de-identified copy validated again and its chosen series
/// built into a volume; NIfTI: the research volume and the mask beside it) and the brain. Stores them in the work area
/// (<see cref="WorkBundles.Study"/>). Answers what was read and the warnings so far, or a rejection.
/// </summary>
public sealed class PreprocessStudy(BlobServiceClient blobs, StudyPipelineOptions options, ILogger<PreprocessStudy> logger)
    : PipelineActivity<PreprocessRequest, PreprocessedStudy>(options, logger)
{
    private readonly StudyPipelineOptions _options = options;

    protected override async Task<PreprocessedStudy> RunStepAsync(ActivityRun run, PreprocessRequest input, CancellationToken cancellationToken)
    {
        var steps = new StepRunner(null);
        var work = new WorkArea(blobs, _options, run.InstanceId);
        BaselineStudy study;
        try
        {
            study = await LoadAsync(run, input, work, steps, cancellationToken);
        }
        catch (StudyRejectedException ex)
        {
            return Rejected(input.StudyKey, run.Reject(StudyRejection.Of(ex)), steps);
        }
        catch (AnalysisInputException ex)
        {
            return Rejected(input.StudyKey, run.Reject(StudyRejection.Of(ex)), steps);
        }

        var brain = await new BaselineAnalyzer().FindBrainAsync(study.Ct, steps, cancellationToken);
        await work.PutBundleAsync(WorkBundles.Study, WorkBundles.OfStudy(study.Ct, brain.Mask, study.GivenMask), cancellationToken);
        return new PreprocessedStudy(input.StudyKey, study.Description, study.Corrections, brain.Warnings, study.GivenMask is not null, null, steps.Timings);
    }

    private async Task<BaselineStudy> LoadAsync(ActivityRun run, PreprocessRequest input, WorkArea work, StepRunner steps, CancellationToken cancellationToken)
    {
        if (input.Study.Kind == SubmissionKind.Nifti)
        {
            string local = await new StudyFetcher(blobs).FetchAsync(input.Study, run.Folder("input"), cancellationToken);
            return await NiftiStudyLoader.LoadAsync(local, steps, cancellationToken);
        }

        string folder = run.Folder("deidentified");
        await work.GetFolderAsync(DeidentifyStudy.Prefix, folder, cancellationToken);
        var studyKey = StudyKey.Parse(input.StudyKey ?? throw new ArgumentException("a DICOM study is preprocessed after de-identification gave its key", nameof(input)));
        return await new DeidentifiedCopy().BuildVolumeAsync(folder, studyKey, steps, cancellationToken);
    }

    private static PreprocessedStudy Rejected(string? studyKey, StudyRejection rejection, StepRunner steps) =>
        new(studyKey, "", [], [], false, rejection, steps.Timings);
}

/// <summary>
/// Step segment: the baseline hematoma, segmented inside the brain unless the input came with its mask. Stores it in the
/// work area (<see cref="WorkBundles.BaselineMask"/>) and answers its volume (0 when none was found).
/// </summary>
public sealed class SegmentBaseline(BlobServiceClient blobs, StudyPipelineOptions options, ILogger<SegmentBaseline> logger)
    : PipelineActivity<string, SegmentedBaseline>(options, logger)
{
    private readonly StudyPipelineOptions _options = options;

    protected override async Task<SegmentedBaseline> RunStepAsync(ActivityRun run, string input, CancellationToken cancellationToken)
    {
        run.TagStudyKey(input);
        var steps = new StepRunner(null);
        var work = new WorkArea(blobs, _options, run.InstanceId);
        var study = await work.GetBundleAsync(WorkBundles.Study, WorkBundles.Limits, cancellationToken);
        var mask = await new BaselineAnalyzer().FindBaselineAsync(WorkBundles.Ct(study), WorkBundles.GivenMask(study), WorkBundles.Brain(study), steps, cancellationToken);
        await work.PutBundleAsync(WorkBundles.BaselineMask, WorkBundles.OfMask(mask), cancellationToken);
        return new SegmentedBaseline(MaskVolume.Ml(mask), steps.Timings);
    }
}

/// <summary><c>PredictFollowup</c>'s input: the study key (for the span) and whether there is a baseline hematoma to predict from.</summary>
public sealed record PredictRequest(string StudyKey, bool HasHematoma);

/// <summary>
/// Step predict: reads the served model's card, prepares the model input from the work area's study and baseline mask
/// exactly as in process, and asks the inference service for the probability on the model grid (over HTTP), which it
/// stores (<see cref="WorkBundles.ModelOutput"/>). Without a baseline hematoma only the card is read: there is nothing
/// to predict. Inference failures stay transient (retried) or permanent.
/// </summary>
public sealed class PredictFollowup(BlobServiceClient blobs, InferenceClient inference, StudyPipelineOptions options, ILogger<PredictFollowup> logger)
    : PipelineActivity<PredictRequest, PredictedFollowup>(options, logger)
{
    private readonly StudyPipelineOptions _options = options;

    protected override async Task<PredictedFollowup> RunStepAsync(ActivityRun run, PredictRequest input, CancellationToken cancellationToken)
    {
        run.TagStudyKey(input.StudyKey);
        var card = await ServedModelCard.ReadAsync(inference, cancellationToken);
        if (!input.HasHematoma)
        {
            return new PredictedFollowup(card.Description, card.Settings.Threshold, null, 0, []);
        }

        var steps = new StepRunner(null);
        var work = new WorkArea(blobs, _options, run.InstanceId);
        var study = await work.GetBundleAsync(WorkBundles.Study, WorkBundles.Limits, cancellationToken);
        var mask = WorkBundles.Mask(await work.GetBundleAsync(WorkBundles.BaselineMask, WorkBundles.Limits, cancellationToken));
        var predictor = new HttpFollowupPredictor(inference, card);
        var probability = await steps.RunAsync(StudyAnalyzer.PredictStep, () => predictor.ProbabilityAsync(WorkBundles.Ct(study), mask, WorkBundles.Brain(study), cancellationToken));
        if (probability is null)
        {
            return new PredictedFollowup(card.Description, card.Settings.Threshold, null, 0, steps.Timings);
        }

        await work.PutBundleAsync(WorkBundles.ModelOutput, WorkBundles.OfProbability(probability.Probability), cancellationToken);
        return new PredictedFollowup(card.Description, card.Settings.Threshold, VoxelRange.Of(probability.Grid.RoiInBaselineVoxels), probability.Windows, steps.Timings);
    }
}

/// <summary>
/// Step postprocess: the model's probability back on the study's grid, thresholded and kept inside the brain (empty when
/// nothing was predicted). Stores the follow-up mask (<see cref="WorkBundles.Prediction"/>) and answers its volume.
/// </summary>
public sealed class PostprocessPrediction(BlobServiceClient blobs, StudyPipelineOptions options, ILogger<PostprocessPrediction> logger)
    : PipelineActivity<PredictedFollowup, PostprocessedPrediction>(options, logger)
{
    public const string Step = "postprocess";

    private readonly StudyPipelineOptions _options = options;

    protected override async Task<PostprocessedPrediction> RunStepAsync(ActivityRun run, PredictedFollowup input, CancellationToken cancellationToken)
    {
        var steps = new StepRunner(null);
        var work = new WorkArea(blobs, _options, run.InstanceId);
        var study = await work.GetBundleAsync(WorkBundles.Study, WorkBundles.Limits, cancellationToken);
        var brain = WorkBundles.Brain(study);
        FollowupPrediction prediction;
        if (input.ModelGridRoi is { } roi)
        {
            var probability = WorkBundles.Probability(await work.GetBundleAsync(WorkBundles.ModelOutput, WorkBundles.Limits, cancellationToken));
            var grid = new ModelGrid(probability.Geometry, study.Geometry, roi.ToBox());
            prediction = await steps.Run(Step, () => new ModelGridProbability(grid, probability, input.Windows).ToPrediction(brain, input.Threshold));
        }
        else
        {
            prediction = ModelGridProbability.NoPrediction(study.Geometry);
        }

        await work.PutBundleAsync(WorkBundles.Prediction, WorkBundles.OfMask(prediction.Mask), cancellationToken);
        return new PostprocessedPrediction(prediction.VolumeMl, steps.Timings);
    }
}

/// <summary>
/// Step write: assembles the analysis from the work area and writes every output of <c>hem analyze</c> (NIfTI volumes,
/// <c>volumes.json</c>, the DICOM SEG for DICOM input, the report, <c>provenance.json</c> with every step's time), then
/// uploads them, with the de-identified series under <c>deidentified/</c>, to the results container under
/// <c>{studyKey}/{modelVersion}/</c> (overwriting what an earlier attempt left). Answers where they are and the numbers.
/// </summary>
public sealed class WriteOutputs(BlobServiceClient blobs, StudyPipelineOptions options, TimeProvider time, ILogger<WriteOutputs> logger)
    : PipelineActivity<WriteOutputsRequest, StudyResult>(options, logger)
{
    private readonly StudyPipelineOptions _options = options;

    protected override async Task<StudyResult> RunStepAsync(ActivityRun run, WriteOutputsRequest input, CancellationToken cancellationToken)
    {
        run.TagStudyKey(input.StudyKey);
        var work = new WorkArea(blobs, _options, run.InstanceId);
        var study = await work.GetBundleAsync(WorkBundles.Study, WorkBundles.Limits, cancellationToken);
        var baseline = WorkBundles.Mask(await work.GetBundleAsync(WorkBundles.BaselineMask, WorkBundles.Limits, cancellationToken));
        var predicted = WorkBundles.Mask(await work.GetBundleAsync(WorkBundles.Prediction, WorkBundles.Limits, cancellationToken));
        string? deidentified = null;
        DeidentifiedSeries? source = null;
        if (input.Validated.InputKind == AnalysisInput.Dicom)
        {
            deidentified = run.Folder("deidentified");
            await work.GetFolderAsync(DeidentifyStudy.Prefix, deidentified, cancellationToken);
            source = await new DeidentifiedCopy().SeriesAsync(deidentified, StudyKey.Parse(input.StudyKey), cancellationToken);
        }

        var pre = input.Preprocessed;
        var analysis = StudyAnalysis.Assemble(
            new BaselineStudy(WorkBundles.Ct(study), WorkBundles.GivenMask(study), source, pre.Description, pre.Corrections),
            new BrainFinding(WorkBundles.Brain(study), pre.BrainWarnings),
            baseline,
            new FollowupPrediction(predicted, MaskVolume.Ml(predicted), null, null, input.Predicted.Windows));
        string output = run.Folder("output");
        var analysisInput = new AnalysisInput(input.Validated.InputKind, input.Validated.InputSha256, StudyPipelineOptions.Tool, input.Started);
        var written = await new StudyOutputWriter(time).WriteAsync(output, analysis, input.Predicted.Model, analysisInput, new StepRunner(null, input.Timings), cancellationToken);

        var volumes = written.Volumes;
        string prefix = input.StudyKey + "/" + volumes.Model.Version + "/";
        var results = new ResultFolder(blobs, _options.ResultsContainer, prefix);
        var outputs = new List<string>();
        outputs.AddRange(await results.UploadAsync(output, "", cancellationToken));
        if (deidentified is not null)
        {
            outputs.AddRange(await results.UploadAsync(deidentified, DeidentifyStudy.Prefix, cancellationToken));
        }

        return new StudyResult(input.StudyKey, volumes.Model.Version, _options.ResultsContainer, prefix, volumes.BaselineVolumeMl, volumes.PredictedFollowupVolumeMl, volumes.PredictedGrowthMl, volumes.PredictedGrowthPercent, volumes.HematomaExpansionPredicted, outputs);
    }
}

/// <summary>One result folder, <c>{studyKey}/{modelVersion}/</c> in the results container.</summary>
internal sealed class ResultFolder(BlobServiceClient blobs, string container, string prefix)
{
    /// <summary>Uploads every file below <paramref name="folder"/> under <c>{prefix}{below}</c>; returns the names below the result folder.</summary>
    public async Task<List<string>> UploadAsync(string folder, string below, CancellationToken cancellationToken)
    {
        var client = blobs.GetBlobContainerClient(container);
        await PipelineFailures.ServiceCallAsync("creating the results container", () => client.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        var names = new List<string>();
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string name = below + Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            await PipelineFailures.ServiceCallAsync("uploading the results", () => client.GetBlobClient(prefix + name).UploadAsync(file, overwrite: true, cancellationToken));
            names.Add(name);
        }

        return names;
    }
}

/// <summary>Records that an instance analyses a study (<see cref="StudyRunIndex"/>), so that its status can be asked for by study key.</summary>
public sealed class RecordStudyRun(StudyRunIndex index, StudyPipelineOptions options, ILogger<RecordStudyRun> logger)
    : PipelineActivity<StudyRunEntry, bool>(options, logger)
{
    protected override async Task<bool> RunStepAsync(ActivityRun run, StudyRunEntry input, CancellationToken cancellationToken)
    {
        run.TagStudyKey(input.StudyKey);
        await index.RecordAsync(input, cancellationToken);
        return true;
    }
}

/// <summary>
/// Writes <c>{instanceId}.json</c> (code, reason, input blob and ETag) to the rejected container, and the input's rejection
/// to the run index; returns the record's name.
/// </summary>
public sealed class RecordRejection(BlobServiceClient blobs, StudyRunIndex index, StudyPipelineOptions options, ILogger<RecordRejection> logger)
    : PipelineActivity<RejectionRecord, string>(options, logger)
{
    private readonly StudyPipelineOptions _options = options;

    protected override async Task<string> RunStepAsync(ActivityRun run, RejectionRecord input, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient(_options.RejectedContainer);
        string name = StudyPipelineOptions.RejectionBlobName(input.InstanceId);
        var body = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, VolumeSummary.Json));
        await PipelineFailures.ServiceCallAsync("creating the rejected container", () => container.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        await PipelineFailures.ServiceCallAsync("writing the rejection record", () => container.GetBlobClient(name).UploadAsync(body, overwrite: true, cancellationToken));
        if (input.InputId is { } inputId)
        {
            await index.RecordInputAsync(new InputRecord(inputId, input.StudyKey, input.Code), cancellationToken);
        }

        return name;
    }
}

/// <summary>Deletes the run's work area once the run has its outcome; answers how many intermediates were deleted.</summary>
public sealed class CleanUpWork(BlobServiceClient blobs, StudyPipelineOptions options, ILogger<CleanUpWork> logger)
    : PipelineActivity<string, int>(options, logger)
{
    private readonly StudyPipelineOptions _options = options;

    protected override Task<int> RunStepAsync(ActivityRun run, string input, CancellationToken cancellationToken) =>
        new WorkArea(blobs, _options, run.InstanceId).DeleteAsync(cancellationToken);
}

/// <summary>Publishes a result event with the host's <see cref="IResultEventPublisher"/>.</summary>
public sealed class PublishResult(IResultEventPublisher publisher, StudyPipelineOptions options, ILogger<PublishResult> logger)
    : PipelineActivity<ResultToPublish, bool>(options, logger)
{
    protected override async Task<bool> RunStepAsync(ActivityRun run, ResultToPublish input, CancellationToken cancellationToken)
    {
        if ((input.Completed?.StudyKey ?? input.Failed?.StudyKey) is { } studyKey)
        {
            run.TagStudyKey(studyKey);
        }

        var resultEvent = input.ToEvent();
        await PipelineFailures.ServiceCallAsync("publishing the result event", () => publisher.PublishAsync(resultEvent, cancellationToken));
        if (input.Backfill is null)
        {
            string outcome = input.Completed is not null ? PipelineTelemetry.OutcomeCompleted : input.Rejected is not null ? PipelineTelemetry.OutcomeRejected : PipelineTelemetry.OutcomeFailed;
            run.Span?.SetTag(PipelineTelemetry.OutcomeTag, outcome);
            PipelineTelemetry.RecordStudy(outcome);
        }

        return true;
    }
}
