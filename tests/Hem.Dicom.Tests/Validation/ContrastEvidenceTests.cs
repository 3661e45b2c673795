using Hem.Dicom.Validation;

namespace Hem.Dicom.Tests.Validation;

/// <summary>The contrast rule's pieces: recorded agents and descriptions that name (or negate) contrast.</summary>
public sealed class ContrastEvidenceTests
{
    [Theory]
    [InlineData("HEAD C+", true)]
    [InlineData("HEAD +C", true)]
    [InlineData("CTA COW", true)]
    [InlineData("ctv venogram", true)]
    [InlineData("CTP brain", true)]
    [InlineData("CT ANGIOGRAPHY", true)]
    [InlineData("Perfusion 4D", true)]
    [InlineData("with contrast", true)]
    [InlineData("IV CONTRAST", true)]
    [InlineData("WO CONTRAST then WITH CONTRAST", true)]
    [InlineData("HEAD WO CONTRAST", false)]
    [InlineData("HEAD W/O CONTRAST", false)]
    [InlineData("head without contrast", false)]
    [InlineData("NONCONTRAST HEAD", false)]
    [InlineData("NON-CONTRAST", false)]
    [InlineData("no contrast", false)]
    [InlineData("HEAD C-", false)]
    [InlineData("STD BRAIN 5MM", false)]
    [InlineData("POST FOSSA", false)]
    [InlineData("CTAB", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Descriptions_name_contrast_unless_it_is_negated(string? description, bool named)
    {
        Assert.Equal(named, ContrastEvidence.IsNamed(description));
    }

    [Theory]
    [InlineData("OMNIPAQUE 350", true)]
    [InlineData("Iodine", true)]
    [InlineData("NONE", false)]
    [InlineData("none", false)]
    [InlineData("N/A", false)]
    [InlineData("NA", false)]
    [InlineData("0", false)]
    [InlineData("--", false)]
    [InlineData("NO CONTRAST", false)]
    [InlineData("", false)]
    public void ContrastBolusAgent_records_an_agent_unless_it_is_a_placeholder(string agent, bool recorded)
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTags.ContrastBolusAgent, DicomVR.LO, agent);

        Assert.Equal(recorded, ContrastEvidence.IsRecorded(dataset));
    }

    [Theory]
    [InlineData("YES", true)]
    [InlineData("NO", false)]
    public void Enhanced_CT_usage_in_the_shared_functional_groups_counts_when_administered(string administered, bool recorded)
    {
        var usage = new DicomDataset();
        usage.SetString(DicomTags.ContrastBolusAgentAdministered, DicomVR.CS, administered);
        var shared = new DicomDataset();
        shared.Set(new DicomSequence(DicomTags.ContrastBolusUsageSequence, [usage]));
        var dataset = new DicomDataset();
        dataset.Set(new DicomSequence(DicomTags.SharedFunctionalGroupsSequence, [shared]));

        Assert.Equal(recorded, ContrastEvidence.IsRecorded(dataset));
    }
}
