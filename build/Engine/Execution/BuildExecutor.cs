using System.Diagnostics;

namespace RedoxBuild.Engine;

/// <summary>Runs a plan with Nuke's semantics (see reference/nuke-model.md §1.4); statuses end up on the targets.</summary>
internal sealed class BuildExecutor(NukeBuild build, BuildSession session)
{
    public async Task RunAsync(IReadOnlyList<ExecutableTarget> plan, IReadOnlyList<string>? skipNames, IReadOnlyList<string> missingRequiredParameters, BuildAttempt attempt, bool continueRequested)
    {
        foreach (var t in plan) t.Status = ExecutionStatus.Scheduled;
        SkipMarker.Mark(plan, build.ExecutableTargets, skipNames);
        RequirementValidator.Validate(plan, missingRequiredParameters);

        var changed = false;
        var previous = continueRequested ? attempt.LoadPrevious(out changed) : new HashSet<string>();
        if (changed) session.Logger.Information("Build invocation changed. Restarting ...");

        var stopped = false;
        foreach (var target in plan)
        {
            if (session.CancellationToken.IsCancellationRequested) stopped = true;
            if (stopped) break;
            await ExecuteAsync(target, previous, session.CancellationToken);
            stopped = target.Status == ExecutionStatus.Aborted || target is { Status: ExecutionStatus.Failed, ProceedAfterFailure: false };
        }

        if (stopped)
        {
            // Assured targets run in failure mode, with a fresh token so their own processes are not killed at once.
            foreach (var target in plan.Where(t => t is { AssuredAfterFailure: true, Status: ExecutionStatus.Scheduled }))
                await ExecuteAsync(target, previous, CancellationToken.None);
        }

        foreach (var target in plan.Where(t => t.Status == ExecutionStatus.Scheduled)) target.Status = ExecutionStatus.NotRun;
        attempt.Save(plan.Where(t => t.Status == ExecutionStatus.Succeeded || previous.Contains(t.Name)).Select(t => t.Name));
    }

    private async Task ExecuteAsync(ExecutableTarget target, IReadOnlySet<string> previous, CancellationToken token)
    {
        if (target.Status == ExecutionStatus.Skipped)
        {
            Skip(target, target.SkipReason);
            return;
        }
        if (previous.Contains(target.Name))
        {
            target.Status = ExecutionStatus.Skipped;
            Skip(target, target.SkipReason = "succeeded in the previous attempt (--continue)");
            return;
        }
        if (target.DynamicConditions.FirstOrDefault(c => !c.Evaluate()) is { } failed)
        {
            target.Status = ExecutionStatus.Skipped;
            Skip(target, target.SkipReason = $"OnlyWhen: {failed.Text}");
            return;
        }
        if (target.Actions.Count == 0)
        {
            target.Status = ExecutionStatus.Collective;
            return;
        }

        target.Status = ExecutionStatus.Running;
        session.TargetCancellation = token;
        session.ExecutingTarget.Current = target.Name;
        build.OnTargetRunning(target.Name);
        var stopwatch = Stopwatch.StartNew();
        using (session.Host.WriteBlock(target.Name))
        {
            try
            {
                foreach (var action in target.Actions)
                {
                    token.ThrowIfCancellationRequested();
                    await action();
                }
                target.Status = ExecutionStatus.Succeeded;
                build.OnTargetSucceeded(target.Name);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                target.Status = ExecutionStatus.Aborted;
                target.FailureReason = "cancelled";
                session.Logger.Error("Target {TargetName} was cancelled.", target.Name);
            }
            catch (Exception e)
            {
                target.Status = ExecutionStatus.Failed;
                target.FailureReason = $"{e.GetType().Name}: {FirstLine(e.Message)}";
                ErrorReporter.Log(session.Logger, e, target.Name);
                build.OnTargetFailed(target.Name);
            }
            finally
            {
                target.Duration = stopwatch.Elapsed;
                session.ExecutingTarget.Current = null;
            }
        }
    }

    private void Skip(ExecutableTarget target, string? reason)
    {
        session.Logger.Information("Skipping target {TargetName}{Reason}", target.Name, reason is null ? "" : $" ({reason})");
        build.OnTargetSkipped(target.Name);
    }

    private static string FirstLine(string text) => text.Split('\n')[0].TrimEnd('\r');
}
