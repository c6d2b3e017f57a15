using RedoxBuild.CliWrap;
using System.Diagnostics;
using System.Linq.Expressions;
using Serilog;

namespace RedoxBuild.Engine;

/// <summary>
/// Runs one build, phase by phase, and returns its exit code (never calls Environment.Exit):
/// 0 success (and --help/--plan), 1 a target failed, 2 the invocation or build is wrong (unknown target or parameter,
/// bad value, missing requirement, cycle) and nothing ran.
/// </summary>
public static class BuildRunner
{
    public const int Success = 0, Failed = 1, UsageError = 2;

    public static int Run<T>(BuildInvocation invocation, params Expression<Func<T, Target>>[] defaultTargets) where T : NukeBuild, new() =>
        RunAsync(invocation, defaultTargets).GetAwaiter().GetResult();

    public static Task<int> RunAsync<T>(BuildInvocation invocation, params Expression<Func<T, Target>>[] defaultTargets) where T : NukeBuild, new() =>
        RunAsync(invocation, () => new T(), defaultTargets);

    /// <summary>Runs a build object made by <paramref name="create"/>; tests use it to keep a handle on the instance.</summary>
    internal static async Task<int> RunAsync<T>(BuildInvocation invocation, Func<T> create, params Expression<Func<T, Target>>[] defaultTargets) where T : NukeBuild
    {
        var arguments = new ArgumentParser(invocation.Args);
        T build;
        BuildSession session;
        try
        {
            // Phases 1-5: root, session, construction, targets, parameters.
            var root = RootLocator.Find(arguments, invocation);
            session = CreateSession(invocation, arguments, root);
            build = create();
            build.Session = session;
            build.OnBuildCreated();
            var parameters = ParameterBinder.Describe(typeof(T));
            arguments = new ArgumentParser(invocation.Args, parameters.Where(p => p.IsFlag).Select(p => p.NormalizedName).ToHashSet());
            var defaults = parameters.ToDictionary(p => p, p => p.GetValue(build));
            var defaultNames = defaultTargets.Select(TargetFactory.MemberName).ToList();
            build.ExecutableTargets = TargetFactory.CreateAll(build, defaultNames, m => DescribeMember(parameters, m));
            var bindingWarnings = BindParameters(build, session, invocation, arguments, parameters);

            // Phase 6: logging at the bound verbosity, and the schema editors complete parameters.json with.
            session.Logger = Logging.Create(invocation, session, build.VerbosityLevel, session.Warnings, writeFiles: !build.HelpRequested && !build.PlanRequested);
            foreach (var warning in bindingWarnings) session.Logger.Warning("{Warning}", warning);
            session.IsDryRun = build.DryRunRequested;
            SchemaFile.Update(session, build.ExecutableTargets, parameters);
            var configurationResult = UpdateConfigurations(build, session, parameters, defaultNames);
            if (configurationResult is { } stop) return stop;

            // Phases 7-8: plan; --help and --plan stop here.
            var invoked = build.InvokedTargetNames ?? [];
            if (build.HelpRequested || (invoked.Length == 0 && defaultNames.Count == 0))
            {
                await invocation.Out.WriteAsync(HelpWriter.Write(Banner(session), build.ExecutableTargets, parameters, defaults, session.RootDirectory));
                return Success;
            }
            build.ExecutionPlan = ExecutionPlanner.Plan(build.ExecutableTargets, invoked);
            if (build.PlanRequested)
            {
                await invocation.Out.WriteAsync(PlanWriter.Write(build.ExecutionPlan, t => PredictSkip(t, build)));
                await File.WriteAllTextAsync(session.TemporaryDirectory.CreateDirectory() / "execution-plan.md", PlanWriter.WriteMermaid(build.ExecutionPlan));
                return Success;
            }
        }
        catch (Exception e) when (ErrorReporter.IsExpected(e))
        {
            await invocation.Error.WriteLineAsync($"error: {e.Message}");
            return UsageError;
        }

        // Phases 9-11: execute, report, exit code.
        var missingRequired = ParameterBinder.Describe(typeof(T))
            .Where(p => p.IsRequired && IsEmpty(p.GetValue(build)))
            .Select(p => $"Parameter {p.Spelling} is required: {ValueConverter.Accepted(p.ValueType, p)}")
            .ToList();
        return await ExecuteAsync(build, session, invocation, missingRequired);
    }

    private static async Task<int> ExecuteAsync(NukeBuild build, BuildSession session, BuildInvocation invocation, IReadOnlyList<string> missingRequired)
    {
        try
        {
            return await ExecutePlanAsync(build, session, invocation, missingRequired);
        }
        finally
        {
            (build as IDisposable)?.Dispose(); // what the build held for this run (locks, handles), however it ended
        }
    }

    private static async Task<int> ExecutePlanAsync(NukeBuild build, BuildSession session, BuildInvocation invocation, IReadOnlyList<string> missingRequired)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            if (!build.NoLogo) session.Logger.Information("{Banner}", Banner(session));
            if (session.IsDryRun) session.Logger.Information("Dry run: external commands are printed, not run.");
            if (!Initialize(build, session)) return Failed;
            var attempt = new BuildAttempt(session.TemporaryDirectory / "build-attempt.log", invocation.Args);
            await new BuildExecutor(build, session).RunAsync(build.ExecutionPlan, build.SkippedTargetNames, missingRequired, attempt, build.ContinueRequested);
        }
        catch (Exception e) when (e is RequirementException or UnknownTargetException)
        {
            session.Logger.Error("{Message}", e.Message);
            (session.Logger as IDisposable)?.Dispose();
            return UsageError;
        }

        build.IsFinished = true;
        build.OnBuildFinished();
        var succeeded = build.IsSucceeding;
        var report = ReportWriter.Write(session, build.ExecutionPlan, stopwatch.Elapsed, succeeded);
        await invocation.Out.WriteAsync(report);
        session.Host.WriteSummary(SummaryWriter.WriteMarkdown(build.ExecutionPlan, stopwatch.Elapsed, succeeded));
        (session.Logger as IDisposable)?.Dispose();
        return build.ExitCode ?? (succeeded ? Success : Failed);
    }

    /// <summary>
    /// The build's own checks before any target runs (OnBuildInitialized). An expected failure there (a broken input
    /// file) is reported like a failed target, with its position as an annotation, and nothing runs.
    /// </summary>
    private static bool Initialize(NukeBuild build, BuildSession session)
    {
        try
        {
            build.OnBuildInitialized();
            return true;
        }
        catch (Exception e) when (e is not (RequirementException or UnknownTargetException) && e is IExpectedFailure)
        {
            ErrorReporter.LogBeforeTargets(session.Logger, e);
            (session.Logger as IDisposable)?.Dispose();
            return false;
        }
    }

    private static BuildSession CreateSession(BuildInvocation invocation, ArgumentParser arguments, AbsolutePath root)
    {
        var hostText = arguments.Get("Host")?.FirstOrDefault() ?? invocation.Environment.GetValueOrDefault("NUKE_HOST");
        HostKind? host = hostText is null ? null
            : Enum.GetValues<HostKind>().Cast<HostKind?>().FirstOrDefault(h => Naming.Normalize(ValueConverter.DisplayName(h!.Value)) == Naming.Normalize(hostText) || Naming.Normalize(h!.Value.ToString()) == Naming.Normalize(hostText))
              ?? throw new ParameterException($"Invalid value '{hostText}' for parameter --host (env NUKE_HOST): accepted values are {string.Join(", ", ValueConverter.AcceptedNames(typeof(HostKind)))}.");
        return new BuildSession
        {
            RootDirectory = root,
            WorkingDirectory = invocation.WorkingDirectory,
            Environment = invocation.Environment,
            Host = Host.Create(host, invocation.Environment, invocation.Out),
            Logger = new LoggerConfiguration().WriteTo.Sink(new TextWriterSink(invocation.Error, Logging.ConsoleTemplate)).CreateLogger(),
            Secrets = new SecretRedactor(),
            CancellationToken = invocation.CancellationToken,
            TargetCancellation = invocation.CancellationToken,
            Out = invocation.Out,
            ExecutingTarget = new ExecutingTargetContext(),
            // A live status line only where a person watches: a terminal on both ends, not a CI server.
            Status = invocation.Interactive && invocation.UseColors && !Console.IsErrorRedirected && invocation.Environment.GetValueOrDefault("CI") != "true"
                ? StatusLine.ForConsole() : null,
        };
    }

    private static IReadOnlyList<string> BindParameters(NukeBuild build, BuildSession session, BuildInvocation invocation, ArgumentParser arguments, IReadOnlyList<ParameterDescriptor> parameters)
    {
        ParameterBinder.RejectUnknownOptions(arguments, parameters, ShortOptions);
        ParameterBinder.RejectNonBooleanSwitchValues(arguments, build.ExecutableTargets);
        if (arguments.Has("h")) build.HelpRequested = true;
        var profiles = arguments.Get("ParametersProfile") ?? invocation.Environment.GetValueOrDefault("NUKE_PARAMETERS_PROFILE")?.Split(',') ?? [];
        var fileSource = new ParametersFileSource(session.RootDirectory / ".nuke", profiles);
        var unknown = fileSource.UnknownKeys(parameters).FirstOrDefault();
        if (unknown != default)
        {
            var closest = parameters.MinBy(p => EditDistance.Between(Naming.Normalize(unknown.Key), p.NormalizedName))!;
            throw new ParameterException(
                $"{unknown.File}: unknown key \"{unknown.Key}\". Did you mean \"{closest.Name}\"? Keys are parameter names; .nuke/build.schema.json lists them.");
        }
        var warnings = new List<string>();
        var binder = new ParameterBinder(
            [new CommandLineSource(arguments), new EnvironmentSource(invocation.Environment, warnings.Add), fileSource],
            new ValueConverter(invocation.WorkingDirectory, session.RootDirectory), warnings.Add);
        foreach (var secret in binder.Bind(build, parameters))
        {
            session.Secrets.Register(secret);
            session.Host.Mask(secret);
        }
        return warnings;
    }

    private static readonly IReadOnlyDictionary<string, string> ShortOptions = new Dictionary<string, string> { ["h"] = "Help" };

    private static string DescribeMember(IReadOnlyList<ParameterDescriptor> parameters, MemberExpression member) =>
        parameters.FirstOrDefault(p => p.Member.Name == member.Member.Name) is { } p ? $"parameter {p.Spelling}" : $"member '{member.Member.Name}'";

    private static string? PredictSkip(ExecutableTarget target, NukeBuild build)
    {
        var skip = build.SkippedTargetNames;
        if (skip is not null && !target.Invoked && (skip.Length == 0 || skip.Any(s => ExecutionPlanner.Normalize(s) == ExecutionPlanner.Normalize(target.Name))))
            return "via --skip";
        return target.StaticConditions.FirstOrDefault(c => !c.Evaluate()) is { } failed ? $"OnlyWhen: {failed.Text}" : null;
    }

    /// <summary>Generated CI files: --generate-configuration writes one and stops; otherwise check (CI) or refresh (local).</summary>
    private static int? UpdateConfigurations(NukeBuild build, BuildSession session, IReadOnlyList<ParameterDescriptor> parameters, IReadOnlyList<string> defaultNames)
    {
        if (!(session.RootDirectory / "build" / "_build.csproj").FileExists() && build.GenerateConfiguration is null && !build.CheckConfiguration) return null;
        var files = CI.WorkflowFiles.Generate(session, build.GetType(),
            () => TargetFactory.CreateAll(build, defaultNames, _ => ""), parameters);
        if (build.GenerateConfiguration is { } id)
        {
            if (CI.WorkflowFiles.WriteOne(files, id, session.Logger)) return Success;
            throw new ParameterException($"No generated configuration is called '{id}'. Known: {string.Join(", ", files.Select(f => CI.WorkflowFiles.IdPrefix + f.Attribute.Name))}.");
        }
        var failures = CI.WorkflowFiles.CheckOrUpdate(files, build.CheckConfiguration || session.Host.IsServerBuild, session.Logger);
        if (failures.Count > 0) throw new BuildConfigurationException(string.Join(Environment.NewLine, failures));
        return build.CheckConfiguration && (build.InvokedTargetNames ?? []).Length == 0 ? Success : null;
    }

    private static bool IsEmpty(object? value) => value is null || value is string s && string.IsNullOrWhiteSpace(s) || value is Array { Length: 0 };

    private static string Banner(BuildSession session) =>
        $"Redox build (RedoxBuild.Engine {typeof(BuildRunner).Assembly.GetName().Version?.ToString(2)}) in {session.RootDirectory}";
}
