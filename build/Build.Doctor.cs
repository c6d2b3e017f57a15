using System.Reflection;
using RedoxBuild.Doctor;
using RedoxBuild.Engine;

partial class Build
{
    [Parameter("Doctor: fail when a host tool needed by these targets (or the targets they depend on) is missing.", StrictEnvironment = true)]
    readonly string[] For = [];

    Target Doctor => _ => _
        .Description("Checks the host tools each target family needs and prints install commands for what is missing; with --for, fails when those targets lack a tool.")
        .Executes(async () =>
        {
            var needed = FamiliesNeededBy(For);
            var statuses = await new ToolProbe(Processes, EnvironmentVariables).ProbeAsync(HostToolCatalog.All);
            var os = HostOsDetector.Detect();
            Logger.Information("Host: {Os}; KVM: {Kvm}", os, File.Exists("/dev/kvm") ? "/dev/kvm present (runners probe that it really works)" : "no /dev/kvm");
            Logger.Information("Host tools:\n{Table}", DoctorReport.Table(statuses, os, needed));

            var missing = statuses.Where(s => !s.Found).ToList();
            if (missing.Count > 0) Logger.Information("To install what is missing:\n{Commands}", DoctorReport.InstallCommands(missing));
            var blocking = missing.Where(s => needed.Contains(s.Tool.Family)).ToList();
            ReportSummary(s => s["Missing"] = missing.Count == 0 ? "none" : string.Join(", ", missing.Select(m => m.Tool.Name)));
            if (blocking.Count > 0)
                throw new BuildFailure($"{string.Join(", ", For)} need{(For.Length == 1 ? "s" : "")} {string.Join(" and ", blocking.Select(b => b.Tool.Name))}, which {(blocking.Count == 1 ? "is" : "are")} missing (install commands below).\n{DoctorReport.InstallCommands(blocking)}");
        });

    /// <summary>The tool families of the named targets and of every target their plans pull in, from [UsesTools].</summary>
    IReadOnlySet<ToolFamily> FamiliesNeededBy(IReadOnlyList<string> targetNames)
    {
        if (targetNames.Count == 0) return new HashSet<ToolFamily>();
        // Everything that would run with them: execution dependencies and triggered targets, transitively.
        var roots = targetNames.Select(n => ExecutionPlanner.Find(ExecutableTargets, n));
        var closure = new HashSet<string>();
        var pending = new Stack<ExecutableTarget>(roots);
        while (pending.TryPop(out var target))
        {
            if (!closure.Add(target.Name)) continue;
            foreach (var next in target.ExecutionDependencies.Concat(target.Triggers)) pending.Push(next);
        }

        return TargetFactory.DeclaredProperties(GetType())
            .Where(p => closure.Contains(TargetFactory.TargetName(p)))
            .SelectMany(p => p.GetCustomAttribute<UsesToolsAttribute>()?.Families ?? [])
            .ToHashSet();
    }
}
