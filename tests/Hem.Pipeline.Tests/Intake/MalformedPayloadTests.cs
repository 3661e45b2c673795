using Hem.Pipeline.Intake;

namespace Hem.Pipeline.Tests.Intake;

public sealed class MalformedPayloadTests
{
    private readonly EventIntake _intake = new(new IntakeFilter());

    public static TheoryData<string, string?> Bodies => new()
    {
        { "", null },
        { "Doe Jane", null },
        { "{\"subject\": \"Doe Jane", null },
        { "[{\"eventType\": \"Microsoft.Storage.BlobCreated\", \"subject\": \"Doe Jane\"},", null },
        { "\"Doe Jane\"", null },
        { "[\"Doe Jane\"]", null },
        { "{\"name\": \"Doe Jane\"}", null },
        { "Doe Jane", Payloads.CloudEventContentType },
        // Event Grid shape without the envelope's required id, eventTime and data.
        { "[{\"eventType\": \"Microsoft.Storage.BlobCreated\", \"subject\": \"Doe Jane\", \"dataVersion\": \"\"}]", null },
        // A CloudEvent without its required source.
        { "{\"specversion\": \"1.0\", \"type\": \"Microsoft.Storage.BlobCreated\", \"id\": \"1\", \"subject\": \"Doe Jane\"}", null },
        // A CloudEvents media type on an Event Grid body.
        { "[{\"id\": \"1\", \"eventType\": \"Doe Jane\", \"subject\": \"s\", \"eventTime\": \"2017-06-26T18:41:00Z\", \"data\": {}, \"dataVersion\": \"\"}]", Payloads.CloudEventsBatchContentType },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void A_body_that_is_not_an_event_delivery_throws_the_malformed_payload_exception_without_quoting_it(string body, string? contentType)
    {
        var ex = Assert.Throws<MalformedEventPayloadException>(() => _intake.Parse(BinaryData.FromString(body), contentType));

        Assert.DoesNotContain("Doe", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Jane", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(ex.InnerException);
    }

    [Fact]
    public void Invalid_json_is_reported_by_line_and_byte()
    {
        var ex = Assert.Throws<MalformedEventPayloadException>(() => _intake.Parse(BinaryData.FromString("[\n  {\"id\": Doe}\n]"), null));

        Assert.Equal("The request body is not valid JSON (line 2, byte 10).", ex.Message);
    }

    [Fact]
    public void An_empty_delivery_starts_nothing()
    {
        var decision = _intake.Parse(BinaryData.FromString("[]"), Payloads.EventGridContentType);

        Assert.Empty(decision.Submissions);
        Assert.Empty(decision.Ignored);
        Assert.Null(decision.ValidationResponseBody);
    }
}
