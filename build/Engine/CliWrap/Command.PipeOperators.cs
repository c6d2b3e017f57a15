using System.Text;

namespace RedoxBuild.CliWrap;

// Shell-like shorthands, as in CliWrap: `"input" | cmd | PipeTarget.ToStringBuilder(sb)`, `cmdA | cmdB`.
public sealed partial class Command
{
    /// <summary>Standard output of <paramref name="source"/> goes to <paramref name="target"/>.</summary>
    public static Command operator |(Command source, PipeTarget target) => source.WithStandardOutputPipe(target);

    /// <summary>Standard output and standard error of <paramref name="source"/> go to the two targets.</summary>
    public static Command operator |(Command source, (PipeTarget StandardOutput, PipeTarget StandardError) targets) =>
        source.WithStandardOutputPipe(targets.StandardOutput).WithStandardErrorPipe(targets.StandardError);

    /// <summary>Standard output of <paramref name="source"/> is copied into <paramref name="target"/>.</summary>
    public static Command operator |(Command source, Stream target) => source | PipeTarget.ToStream(target);

    /// <summary>Standard output of <paramref name="source"/> is appended, as UTF-8 text, to <paramref name="target"/>.</summary>
    public static Command operator |(Command source, StringBuilder target) => source | PipeTarget.ToStringBuilder(target);

    /// <summary>Each line of the standard output of <paramref name="source"/> goes to <paramref name="target"/>.</summary>
    public static Command operator |(Command source, Action<string> target) => source | PipeTarget.ToDelegate(target);

    /// <summary>Each line of the standard output of <paramref name="source"/> goes to <paramref name="target"/>.</summary>
    public static Command operator |(Command source, Func<string, Task> target) => source | PipeTarget.ToDelegate(target);

    /// <summary>Standard output of <paramref name="source"/> becomes standard input of <paramref name="target"/>.</summary>
    public static Command operator |(Command source, Command target) =>
        target.WithStandardInputPipe(PipeSource.FromCommand(source));

    /// <summary><paramref name="source"/> becomes standard input of <paramref name="target"/>.</summary>
    public static Command operator |(PipeSource source, Command target) => target.WithStandardInputPipe(source);

    /// <summary>The stream becomes standard input of <paramref name="target"/>.</summary>
    public static Command operator |(Stream source, Command target) => PipeSource.FromStream(source) | target;

    /// <summary>The bytes become standard input of <paramref name="target"/>.</summary>
    public static Command operator |(byte[] source, Command target) => PipeSource.FromBytes(source) | target;

    /// <summary>The UTF-8 text becomes standard input of <paramref name="target"/>.</summary>
    public static Command operator |(string source, Command target) => PipeSource.FromString(source) | target;
}
