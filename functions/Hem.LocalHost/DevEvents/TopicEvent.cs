namespace Hem.LocalHost.DevEvents;

/// <summary>One accepted CloudEvent: its id and type (for logs), and its JSON as one compact line, as published.</summary>
public sealed record TopicEvent(string Id, string Type, ReadOnlyMemory<byte> Json);
