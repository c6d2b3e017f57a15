using System.Runtime.CompilerServices;

namespace RedoxBuild.CliWrap;

/// <summary>A running command: awaitable like a task, and already knows the id of the process it started.</summary>
public sealed class CommandTask<TResult> : IDisposable
{
    public CommandTask(Task<TResult> task, int processId)
    {
        ArgumentNullException.ThrowIfNull(task);
        Task = task;
        ProcessId = processId;
    }

    /// <summary>Completes when the process has exited and all of its output has been handed to the pipe targets.</summary>
    public Task<TResult> Task { get; }

    /// <summary>The id of the started process.</summary>
    public int ProcessId { get; }

    /// <summary>A task for the same process whose result is transformed.</summary>
    public CommandTask<T> Select<T>(Func<TResult, T> transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return new CommandTask<T>(SelectAsync(transform), ProcessId);
    }

    private async Task<T> SelectAsync<T>(Func<TResult, T> transform) => transform(await Task.ConfigureAwait(false));

    public TaskAwaiter<TResult> GetAwaiter() => Task.GetAwaiter();

    public ConfiguredTaskAwaitable<TResult> ConfigureAwait(bool continueOnCapturedContext) => Task.ConfigureAwait(continueOnCapturedContext);

    public static implicit operator Task<TResult>(CommandTask<TResult> commandTask)
    {
        ArgumentNullException.ThrowIfNull(commandTask);
        return commandTask.Task;
    }

    /// <summary>Disposes the underlying task (only legal once it has completed).</summary>
    public void Dispose() => Task.Dispose();
}
