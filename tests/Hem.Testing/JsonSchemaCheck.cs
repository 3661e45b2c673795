namespace Hem.Testing;

/// <summary>
/// Validates a JSON file against one of the repository's JSON Schemas with Python's jsonschema (Scripts/validate_json.py
/// under Debian's python3), the independent check for every schema the project publishes. Skips without jsonschema,
/// fails under CI=true (see <see cref="ExternalTool"/>).
/// </summary>
public static class JsonSchemaCheck
{
    /// <returns>Exit code 0 when valid; otherwise each error on stderr.</returns>
    public static Task<ToolResult> ValidateAsync(string schemaPath, string jsonPath, CancellationToken cancellationToken)
    {
        string python = ExternalTool.RequirePython("jsonschema");
        string script = Path.Combine(RepositoryPaths.Root, "tests", "Hem.Testing", "Scripts", "validate_json.py");
        return ExternalTool.RunAsync(python, [script, schemaPath, jsonPath], TimeSpan.FromMinutes(1), cancellationToken);
    }
}
