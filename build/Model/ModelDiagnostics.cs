using RedoxBuild.Toml;

namespace RedoxBuild.Model;

/// <summary>Something worth fixing that does not stop the build, e.g. a key upstream tools silently ignore.</summary>
public sealed record ModelWarning(string Message, TomlPosition? Position)
{
    /// <summary>The message with its <c>file:line:col: </c> prefix, as a terminal shows it.</summary>
    public override string ToString() => Position is { } at ? $"{at}: {Message}" : Message;
}

/// <summary>
/// Where the model reports what is not an error: warnings (shown, annotated on CI) and details (debug output).
/// The model never logs by itself, so the same code serves the build targets, tests and benchmarks.
/// </summary>
public interface IModelDiagnostics
{
    void Warning(string message, TomlPosition? position = null);

    void Detail(string message);
}

/// <summary>Keeps everything reported, in order; tests read it and the build forwards it to its logger.</summary>
public sealed class DiagnosticBag : IModelDiagnostics
{
    private readonly List<ModelWarning> _warnings = [];
    private readonly List<string> _details = [];

    public IReadOnlyList<ModelWarning> Warnings => _warnings;

    public IReadOnlyList<string> Details => _details;

    public void Warning(string message, TomlPosition? position = null) => _warnings.Add(new ModelWarning(message, position));

    public void Detail(string message) => _details.Add(message);
}
