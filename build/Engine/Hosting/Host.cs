namespace RedoxBuild.Engine;

/// <summary>How output is framed where the build runs: blocks per target, annotations, secret masking, job summary.</summary>
public abstract class Host(TextWriter output)
{
    protected TextWriter Output { get; } = output;

    public abstract HostKind Kind { get; }
    public abstract bool IsServerBuild { get; }

    /// <summary>Opens a block for a target; dispose to close it.</summary>
    public abstract IDisposable WriteBlock(string title);

    /// <summary>An error annotation (with a source position when the error has one).</summary>
    public virtual void ReportError(string message, SourceLocation? location = null) { }

    public virtual void ReportWarning(string message, SourceLocation? location = null) { }

    /// <summary>Tells the host never to show this value.</summary>
    public virtual void Mask(string secret) { }

    /// <summary>Publishes the end-of-run report as Markdown where the host shows one.</summary>
    public virtual void WriteSummary(string markdown) { }

    public static Host Create(HostKind? requested, IReadOnlyDictionary<string, string> environment, TextWriter output) =>
        (requested ?? (environment.GetValueOrDefault("GITHUB_ACTIONS") == "true" ? HostKind.GitHubActions : HostKind.Terminal)) switch
        {
            HostKind.GitHubActions => new GitHubActionsHost(output, environment.GetValueOrDefault("GITHUB_STEP_SUMMARY")),
            _ => new TerminalHost(output, environment.GetValueOrDefault("CI") == "true"),
        };
}

/// <summary>A file position an error refers to (a TOML value, a profile key), for annotations.</summary>
public sealed record SourceLocation(string File, int Line, int Column);

/// <summary>An error that knows where in a user's file it happened; hosts turn it into an annotation.</summary>
public interface IHasSourceLocation
{
    SourceLocation? Location { get; }
}

/// <summary>A terminal: a boxed header per target.</summary>
public sealed class TerminalHost(TextWriter output, bool isCi) : Host(output)
{
    public override HostKind Kind => HostKind.Terminal;
    public override bool IsServerBuild => isCi;

    public override IDisposable WriteBlock(string title)
    {
        Output.WriteLine();
        Output.WriteLine("╬" + new string('═', Math.Max(title.Length + 4, 20)));
        Output.WriteLine($"║ {title}");
        Output.WriteLine("╬" + new string('═', Math.Max(title.Length / 2, 10)));
        Output.WriteLine();
        return new Block(() => { });
    }

    internal sealed class Block(Action onDispose) : IDisposable
    {
        public void Dispose() => onDispose();
    }
}

/// <summary>GitHub Actions: ::group:: blocks, ::error/::warning annotations, ::add-mask::, and the job summary file.</summary>
public sealed class GitHubActionsHost(TextWriter output, string? stepSummaryFile) : Host(output)
{
    public override HostKind Kind => HostKind.GitHubActions;
    public override bool IsServerBuild => true;

    public override IDisposable WriteBlock(string title)
    {
        Output.WriteLine($"::group::{title}");
        return new TerminalHost.Block(() => Output.WriteLine("::endgroup::"));
    }

    public override void ReportError(string message, SourceLocation? location = null) => Annotate("error", message, location);

    public override void ReportWarning(string message, SourceLocation? location = null) => Annotate("warning", message, location);

    public override void Mask(string secret) => Output.WriteLine($"::add-mask::{secret}");

    public override void WriteSummary(string markdown)
    {
        if (!string.IsNullOrEmpty(stepSummaryFile)) File.AppendAllText(stepSummaryFile, markdown + "\n");
    }

    private void Annotate(string kind, string message, SourceLocation? location)
    {
        var position = location is null ? "" : $" file={Escape(location.File, true)},line={location.Line},col={location.Column}";
        Output.WriteLine($"::{kind}{position}::{Escape(message, false)}");
    }

    // Workflow commands need %, CR and LF escaped in messages, plus ':' and ',' in properties.
    private static string Escape(string text, bool property)
    {
        var s = text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);
        return property ? s.Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal) : s;
    }
}
