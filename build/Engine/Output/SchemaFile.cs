namespace RedoxBuild.Engine;

/// <summary>Keeps .nuke/build.schema.json in step with the build (written only when it changed) and seeds parameters.json.</summary>
internal static class SchemaFile
{
    public static void Update(BuildSession session, IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<ParameterDescriptor> parameters)
    {
        // Only a source checkout owns the schema; a build run from elsewhere (tests, a published binary) leaves files alone.
        if (!(session.RootDirectory / "build" / "_build.csproj").FileExists()) return;
        var nuke = session.RootDirectory / ".nuke";
        var schemaPath = nuke / "build.schema.json";
        var schema = SchemaWriter.Write(targets, parameters);
        if (!schemaPath.FileExists() || File.ReadAllText(schemaPath) != schema) File.WriteAllText(schemaPath, schema);
        var parametersPath = nuke / "parameters.json";
        if (!parametersPath.FileExists()) File.WriteAllText(parametersPath, "{\n  \"$schema\": \"./build.schema.json\"\n}\n");
    }
}
