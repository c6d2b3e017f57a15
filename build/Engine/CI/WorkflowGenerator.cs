namespace RedoxBuild.Engine.CI;

/// <summary>
/// Turns a [GitHubActions] attribute into a <see cref="Workflow"/>: triggers, one job per image (with the matrix),
/// checkout, cache, the ./build.sh step (secrets and matrix axes exported as the environment names parameters bind
/// from), optional raw steps, and one upload step per artifact directory the relevant targets Produce.
/// Action versions live in one table so a bump (or Renovate) changes one place.
/// </summary>
public static class WorkflowGenerator
{
    public static IReadOnlyDictionary<string, string> Actions { get; } = new Dictionary<string, string>
    {
        ["checkout"] = "actions/checkout@v4",
        ["cache"] = "actions/cache@v4",
        ["upload-artifact"] = "actions/upload-artifact@v4",
    };

    /// <param name="targets">A fresh target graph (planning marks targets as invoked; never pass a running build's graph).</param>
    public static Workflow Generate(GitHubActionsAttribute a, IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<ParameterDescriptor> parameters, string buildScript = "./build.sh")
    {
        var relevant = a.InvokedTargets.Length == 0 ? [] : ExecutionPlanner.Plan(targets, a.InvokedTargets);
        var matrix = a.Matrix.Select(ParseAxis).ToList();
        var environment = new List<(string, string)>();
        foreach (var secret in a.ImportSecrets)
        {
            var parameter = parameters.FirstOrDefault(p => Naming.Normalize(p.Name) == Naming.Normalize(secret))
                ?? throw new BuildConfigurationException($"[GitHubActions(\"{a.Name}\")] imports secret '{secret}', which is not a parameter of the build.");
            environment.Add((parameter.Name, $"${{{{ secrets.{Naming.ToScreamingSnake(parameter.Name)} }}}}"));
        }
        if (a.EnableGitHubToken) environment.Add(("GITHUB_TOKEN", "${{ secrets.GITHUB_TOKEN }}"));
        foreach (var (axis, _) in matrix) environment.Add((Naming.ToScreamingSnake(axis), $"${{{{ matrix.{axis} }}}}"));
        foreach (var input in a.OnWorkflowDispatchOptionalInputs.Concat(a.OnWorkflowDispatchRequiredInputs))
            environment.Add((input, $"${{{{ github.event.inputs.{input} }}}}"));

        var suffix = matrix.Count == 0 ? "" : "-" + string.Join("-", matrix.Select(m => $"${{{{ matrix.{m.Axis} }}}}"));
        var artifacts = relevant.SelectMany(t => t.ProducedPatterns).Select(ArtifactDirectory).Distinct().Order(StringComparer.Ordinal).ToList();

        var jobs = a.Images.Select(image =>
        {
            var label = ValueConverter.DisplayName(image);
            var steps = new List<WorkflowStep> { new CheckoutStep(Actions["checkout"], a.FetchDepth, a.Submodules) };
            if (a.CacheKeyFiles.Length > 0)
            {
                // Matrix legs write different caches (a key is written once), and a changed key restores the newest earlier one.
                var prefix = "${{ runner.os }}-" + string.Concat(matrix.Select(m => $"${{{{ matrix.{m.Axis} }}}}-"));
                steps.Add(new CacheStep(Actions["cache"], [.. a.CacheIncludePatterns, .. a.CacheExcludePatterns.Select(p => "!" + p)],
                    $"{prefix}${{{{ hashFiles({string.Join(", ", a.CacheKeyFiles.Select(f => $"'{f}'"))}) }}}}", prefix));
            }
            if (a.ExtraStepsBefore is not null) steps.Add(new RawSteps(a.ExtraStepsBefore));
            steps.Add(new RunStep($"Run: {string.Join(", ", a.InvokedTargets)}", $"{buildScript} {string.Join(' ', a.InvokedTargets)}", environment));
            if (a.ExtraStepsAfter is not null) steps.Add(new RawSteps(a.ExtraStepsAfter));
            if (a.PublishArtifacts)
                steps.AddRange(artifacts.Select(dir => new ArtifactStep(Actions["upload-artifact"], Path.GetFileName(dir) + suffix, dir, a.PublishCondition)));
            return new WorkflowJob(label.Replace('.', '_'), label, label, a.TimeoutMinutes, matrix, steps);
        }).ToList();

        var pushPaths = PathFilters(a.OnPushIncludePaths, a.OnPushExcludePaths);
        var pullRequestPaths = PathFilters(a.OnPullRequestIncludePaths, a.OnPullRequestExcludePaths);
        var triggers = new WorkflowTriggers(
            a.On.Select(t => ValueConverter.DisplayName(t)).ToList(),
            a.OnPushBranches.Length + a.OnPushBranchesIgnore.Length + a.OnPushTags.Length + a.OnPushIncludePaths.Length + a.OnPushExcludePaths.Length > 0
                ? new PushTrigger(a.OnPushBranches, a.OnPushBranchesIgnore, a.OnPushTags, pushPaths.Paths, pushPaths.Ignore)
                : null,
            a.OnPullRequestBranches.Length + a.OnPullRequestIncludePaths.Length + a.OnPullRequestExcludePaths.Length > 0
                ? new PullRequestTrigger(a.OnPullRequestBranches, pullRequestPaths.Paths, pullRequestPaths.Ignore)
                : null,
            [.. a.OnWorkflowDispatchOptionalInputs.Select(i => (i, false)), .. a.OnWorkflowDispatchRequiredInputs.Select(i => (i, true))],
            a.OnCronSchedule);
        Validate(a, triggers);
        return new Workflow(a.Name, triggers, a.ConcurrencyCancelInProgress, jobs);
    }

    /// <summary>
    /// GitHub ignores a paths list made only of '!' patterns (nothing matches), so excludes alone become paths-ignore;
    /// with includes they follow them as '!' patterns.
    /// </summary>
    private static (IReadOnlyList<string> Paths, IReadOnlyList<string> Ignore) PathFilters(string[] include, string[] exclude) =>
        include.Length == 0 ? ([], exclude) : ([.. include, .. exclude.Select(p => "!" + p)], []);

    /// <summary>"profile: default, minimal" → ("profile", ["default", "minimal"]).</summary>
    private static (string Axis, IReadOnlyList<string> Values) ParseAxis(string text)
    {
        var colon = text.IndexOf(':');
        if (colon <= 0) throw new BuildConfigurationException($"Matrix axis '{text}' must look like \"name: a, b, c\".");
        return (text[..colon].Trim(), text[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The directory an artifact glob names: the path up to its first wildcard segment.</summary>
    private static string ArtifactDirectory(string pattern)
    {
        var segments = pattern.Replace('\\', '/').Split('/');
        var kept = segments.TakeWhile(s => s.IndexOfAny(['*', '?', '[']) < 0).ToList();
        if (kept.Count == segments.Length) kept.RemoveAt(kept.Count - 1); // a plain file: publish its directory
        return string.Join('/', kept);
    }

    private static void Validate(GitHubActionsAttribute a, WorkflowTriggers triggers)
    {
        var detailed = triggers.Push is not null || triggers.PullRequest is not null || triggers.DispatchInputs.Count > 0 || triggers.Cron is not null;
        if (triggers.Short.Count > 0 && detailed)
            throw new BuildConfigurationException($"[GitHubActions(\"{a.Name}\")] uses both On and the detailed On* triggers; use one form.");
        if (triggers.Short.Count == 0 && !detailed)
            throw new BuildConfigurationException($"[GitHubActions(\"{a.Name}\")] has no trigger; set On or an On* trigger.");
        if (a.OnPushBranches.Length > 0 && a.OnPushBranchesIgnore.Length > 0)
            throw new BuildConfigurationException($"[GitHubActions(\"{a.Name}\")] mixes OnPushBranches and OnPushBranchesIgnore; GitHub allows one.");
        var clash = a.Matrix.Select(m => m.Split(':')[0].Trim()).Concat(a.OnWorkflowDispatchOptionalInputs).Concat(a.OnWorkflowDispatchRequiredInputs)
            .GroupBy(Naming.Normalize).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new BuildConfigurationException(
                $"[GitHubActions(\"{a.Name}\")] exports '{string.Join("' and '", clash)}' for the same parameter; the build would see two values and use neither.");
        if (a.InvokedTargets.Length == 0)
            throw new BuildConfigurationException($"[GitHubActions(\"{a.Name}\")] invokes no targets; set InvokedTargets.");
    }
}
