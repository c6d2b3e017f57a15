using System.Diagnostics.Contracts;

namespace RedoxBuild.CliWrap;

/// <summary>
/// An immutable description of a process to run: every With* method returns a new command and leaves this one
/// unchanged, so a command can be shared, described (for dry runs and logs) and executed any number of times.
/// </summary>
public sealed partial class Command
{
    private readonly CommandArguments _arguments;

    /// <summary>A command for <paramref name="targetFilePath"/> with default settings (see <see cref="Cli.Wrap"/>).</summary>
    public Command(string targetFilePath)
        : this(CheckTarget(targetFilePath), CommandArguments.Empty, Directory.GetCurrentDirectory(),
            new Dictionary<string, string?>().AsReadOnly(), CommandResultValidation.ZeroExitCode,
            PipeSource.Null, PipeTarget.Null, PipeTarget.Null, redactor: null)
    {
    }

    /// <summary>A fully configured command; <paramref name="arguments"/> uses ProcessStartInfo.Arguments syntax.</summary>
    public Command(
        string targetFilePath,
        string arguments,
        string workingDirPath,
        IReadOnlyDictionary<string, string?> environmentVariables,
        CommandResultValidation validation,
        PipeSource standardInputPipe,
        PipeTarget standardOutputPipe,
        PipeTarget standardErrorPipe,
        SecretRedactor? redactor = null)
        : this(CheckTarget(targetFilePath), CommandArguments.Parse(arguments), CheckWorkingDir(workingDirPath),
            EnvironmentNames.Snapshot(environmentVariables), validation,
            standardInputPipe ?? throw new ArgumentNullException(nameof(standardInputPipe)),
            standardOutputPipe ?? throw new ArgumentNullException(nameof(standardOutputPipe)),
            standardErrorPipe ?? throw new ArgumentNullException(nameof(standardErrorPipe)), redactor)
    {
    }

    // Trusted copy constructor: every value has already been validated and snapshotted.
    private Command(
        string targetFilePath, CommandArguments arguments, string workingDirPath,
        IReadOnlyDictionary<string, string?> environmentVariables, CommandResultValidation validation,
        PipeSource standardInputPipe, PipeTarget standardOutputPipe, PipeTarget standardErrorPipe, SecretRedactor? redactor)
    {
        TargetFilePath = targetFilePath;
        _arguments = arguments;
        WorkingDirPath = workingDirPath;
        EnvironmentVariables = environmentVariables;
        Validation = validation;
        StandardInputPipe = standardInputPipe;
        StandardOutputPipe = standardOutputPipe;
        StandardErrorPipe = standardErrorPipe;
        Redactor = redactor;
    }

    /// <summary>The program: a name looked up on PATH, or a path (a relative path resolves against the current directory of this process, as in .NET).</summary>
    public string TargetFilePath { get; }

    /// <summary>The arguments as one string in ProcessStartInfo.Arguments syntax (for display and CliWrap parity).</summary>
    public string Arguments => _arguments.Raw;

    /// <summary>The exact arguments the child receives (argv[1..]); the process is always started from this list.</summary>
    public IReadOnlyList<string> ArgumentList => _arguments.List;

    /// <summary>The directory the child starts in.</summary>
    public string WorkingDirPath { get; }

    /// <summary>Changes to the inherited environment: a value sets a variable, null removes it.</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentVariables { get; }

    /// <summary>Which results throw <see cref="CommandExecutionException"/>.</summary>
    public CommandResultValidation Validation { get; }

    public PipeSource StandardInputPipe { get; }

    public PipeTarget StandardOutputPipe { get; }

    public PipeTarget StandardErrorPipe { get; }

    /// <summary>Redacts secrets in this command's descriptions and failure messages; null redacts nothing.</summary>
    public SecretRedactor? Redactor { get; }

    [Pure]
    public Command WithTargetFile(string targetFilePath) => new(CheckTarget(targetFilePath), _arguments, WorkingDirPath,
        EnvironmentVariables, Validation, StandardInputPipe, StandardOutputPipe, StandardErrorPipe, Redactor);

    /// <summary>Arguments in ProcessStartInfo.Arguments syntax, split the way .NET splits them.</summary>
    [Pure]
    public Command WithArguments(string arguments) => With(CommandArguments.Parse(arguments));

    /// <summary>Arguments given one by one; with <paramref name="escape"/> each reaches the child exactly as given.</summary>
    [Pure]
    public Command WithArguments(IEnumerable<string> arguments, bool escape = true) =>
        WithArguments(builder => builder.Add(arguments, escape));

    /// <summary>Arguments built by <paramref name="configure"/> (replacing the current ones).</summary>
    [Pure]
    public Command WithArguments(Action<ArgumentsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new ArgumentsBuilder();
        configure(builder);
        return With(builder.BuildArguments());
    }

    [Pure]
    public Command WithWorkingDirectory(string workingDirPath) => new(TargetFilePath, _arguments, CheckWorkingDir(workingDirPath),
        EnvironmentVariables, Validation, StandardInputPipe, StandardOutputPipe, StandardErrorPipe, Redactor);

    /// <summary>Replaces the environment changes (a null value removes the variable from the child's environment).</summary>
    [Pure]
    public Command WithEnvironmentVariables(IReadOnlyDictionary<string, string?> environmentVariables) => new(TargetFilePath,
        _arguments, WorkingDirPath, EnvironmentNames.Snapshot(environmentVariables), Validation, StandardInputPipe,
        StandardOutputPipe, StandardErrorPipe, Redactor);

    /// <summary>
    /// Replaces the environment changes with the ones built by <paramref name="configure"/>, which starts empty as in
    /// CliWrap; call <c>env.Set(command.EnvironmentVariables)</c> first to keep the current ones.
    /// </summary>
    [Pure]
    public Command WithEnvironmentVariables(Action<EnvironmentVariablesBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new EnvironmentVariablesBuilder();
        configure(builder);
        return WithEnvironmentVariables(builder.Build());
    }

    [Pure]
    public Command WithValidation(CommandResultValidation validation) => new(TargetFilePath, _arguments, WorkingDirPath,
        EnvironmentVariables, validation, StandardInputPipe, StandardOutputPipe, StandardErrorPipe, Redactor);

    [Pure]
    public Command WithStandardInputPipe(PipeSource source) => new(TargetFilePath, _arguments, WorkingDirPath,
        EnvironmentVariables, Validation, source ?? throw new ArgumentNullException(nameof(source)),
        StandardOutputPipe, StandardErrorPipe, Redactor);

    [Pure]
    public Command WithStandardOutputPipe(PipeTarget target) => new(TargetFilePath, _arguments, WorkingDirPath,
        EnvironmentVariables, Validation, StandardInputPipe, target ?? throw new ArgumentNullException(nameof(target)),
        StandardErrorPipe, Redactor);

    [Pure]
    public Command WithStandardErrorPipe(PipeTarget target) => new(TargetFilePath, _arguments, WorkingDirPath,
        EnvironmentVariables, Validation, StandardInputPipe, StandardOutputPipe,
        target ?? throw new ArgumentNullException(nameof(target)), Redactor);

    /// <summary>Uses <paramref name="redactor"/> for this command's descriptions and failure messages.</summary>
    [Pure]
    public Command WithRedactor(SecretRedactor? redactor) => new(TargetFilePath, _arguments, WorkingDirPath,
        EnvironmentVariables, Validation, StandardInputPipe, StandardOutputPipe, StandardErrorPipe, redactor);

    private Command With(CommandArguments arguments) => new(TargetFilePath, arguments, WorkingDirPath,
        EnvironmentVariables, Validation, StandardInputPipe, StandardOutputPipe, StandardErrorPipe, Redactor);

    private static string CheckTarget(string targetFilePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetFilePath);
        if (targetFilePath.Contains('\0'))
            throw new ArgumentException("The program path contains a NUL character.", nameof(targetFilePath));
        return targetFilePath;
    }

    private static string CheckWorkingDir(string workingDirPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(workingDirPath);
        return workingDirPath;
    }
}
