using System.Text;

namespace RedoxBuild.CliWrap;

public sealed partial class Command
{
    private const int StandardErrorTailLines = 20;
    private const int StandardErrorTailChars = 4000;

    /// <summary>
    /// The program and its arguments as one POSIX shell command line (each word quoted only when needed), with
    /// secrets redacted by <paramref name="redactor"/>, or by <see cref="Redactor"/> when none is given.
    /// Pasting it into sh runs the same program with the same argv (environment and directory aside).
    /// </summary>
    public string ToDisplayString(SecretRedactor? redactor = null)
    {
        var effective = redactor ?? Redactor;
        var words = ArgumentList.Prepend(TargetFilePath).Select(word => ShellQuoting.Quote(Redact(effective, word)));
        // Redacting the whole line as well catches a secret that spans two arguments.
        return Redact(effective, string.Join(' ', words));
    }

    /// <summary>
    /// The environment changes as shell lines, sorted by name: <c>NAME=value</c> (value quoted for sh) for a set
    /// variable and <c>unset NAME</c> for a removed one, with secrets redacted. Empty when nothing changes.
    /// </summary>
    public IReadOnlyList<string> DescribeEnvironmentChanges(SecretRedactor? redactor = null)
    {
        var effective = redactor ?? Redactor;
        return EnvironmentVariables
            .OrderBy(variable => variable.Key, StringComparer.Ordinal)
            .Select(variable => variable.Value is null
                ? $"unset {variable.Key}"
                : $"{variable.Key}={ShellQuoting.Quote(Redact(effective, variable.Value))}")
            .Select(line => Redact(effective, line))
            .ToArray();
    }

    /// <summary>The display command line, redacted with <see cref="Redactor"/>.</summary>
    public override string ToString() => ToDisplayString();

    internal string Redact(string text) => Redact(Redactor, text);

    private static string Redact(SecretRedactor? redactor, string text) => redactor?.Redact(text) ?? text;

    /// <summary>
    /// A multi-line account of what was run, for failure messages: the command line, directory and environment
    /// changes, all redacted.
    /// </summary>
    internal string DescribeForFailure()
    {
        var text = new StringBuilder()
            .AppendLine("Command:")
            .Append("  ").AppendLine(ToDisplayString())
            .Append("Working directory: ").AppendLine(Redact(WorkingDirPath));
        var environment = DescribeEnvironmentChanges();
        if (environment.Count > 0)
        {
            text.AppendLine("Environment changes:");
            foreach (var line in environment)
                text.Append("  ").AppendLine(line);
        }

        return text.ToString();
    }

    internal CommandExecutionException NonZeroExitCodeFailure(int exitCode, int processId, string? standardError)
    {
        var text = new StringBuilder()
            .Append("Command execution failed: process ").Append(processId)
            .Append(" (").Append(Redact(Path.GetFileName(TargetFilePath))).Append(") exited with code ").Append(exitCode)
            .AppendLine(", but a zero exit code was expected.")
            .AppendLine()
            .Append(DescribeForFailure());

        if (standardError is not null)
        {
            // Redact before cutting: a cut through a secret would leave a piece the redactor no longer recognises.
            var tail = TailOf(Redact(standardError));
            text.AppendLine()
                .AppendLine(tail.Length == 0 ? "Standard error was empty." : $"Standard error (last {StandardErrorTailLines} lines at most):")
                .Append(tail);
            if (tail.Length > 0)
                text.AppendLine();
        }

        text.AppendLine()
            .Append("If a non-zero exit code is expected, call `")
            .Append(nameof(WithValidation)).Append('(').Append(nameof(CommandResultValidation)).Append('.')
            .Append(nameof(CommandResultValidation.None)).Append(")` on the command and inspect ExitCode yourself.");
        return new CommandExecutionException(this, exitCode, text.ToString());
    }

    private static string TailOf(string standardError)
    {
        var lines = standardError.TrimEnd('\r', '\n').Split('\n').Select(line => line.TrimEnd('\r'));
        var tail = string.Join('\n', lines.TakeLast(StandardErrorTailLines));
        return tail.Length <= StandardErrorTailChars ? tail : "..." + tail[^StandardErrorTailChars..];
    }
}
