namespace Hem.Pipeline.Intake;

/// <summary>Why an event starts nothing. The webhook logs counts by reason; the names are stable for dashboards.</summary>
public enum IgnoreReason
{
    /// <summary>An event type intake does not act on (BlobDeleted, BlobTierChanged, a custom event).</summary>
    UnhandledEventType,

    /// <summary>
    /// A BlobCreated event without a usable blob URL or ETag, a validation event without a code, or either with data
    /// the SDK cannot read.
    /// </summary>
    IncompleteEvent,

    /// <summary>A blob outside the incoming container.</summary>
    OtherContainer,

    /// <summary>A blob under <c>results/</c>, <c>work/</c> or <c>rejected/</c>: the pipeline's own writes.</summary>
    PipelineArea,

    /// <summary><c>NAME.mask.nii.gz</c>: a baseline mask is read with its volume and starts nothing by itself.</summary>
    BaselineMask,

    /// <summary>A <c>_READY</c> marker with no folder in front of it: there is no study to read.</summary>
    MarkerWithoutFolder,

    /// <summary>Anything else. The DICOM files of a folder land here too: the folder's <c>_READY</c> marker starts it.</summary>
    NotAStudyInput,

    /// <summary>The same blob version (URL and ETag) came earlier in the same delivery.</summary>
    DuplicateInDelivery,
}
