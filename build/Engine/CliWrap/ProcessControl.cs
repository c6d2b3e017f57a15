using System.ComponentModel;
using System.Runtime.InteropServices;
using OsProcess = System.Diagnostics.Process;

namespace RedoxBuild.CliWrap;

/// <summary>Stopping a child: SIGINT for graceful cancellation, SIGKILL to the whole tree for forceful cancellation.</summary>
internal static class ProcessControl
{
    private const int SigInt = 2;
    private const int NoSuchProcess = 3; // ESRCH

    /// <summary>Kills the process and every descendant; a process that already exited is not an error.</summary>
    public static void KillTree(OsProcess process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited (or never associated): nothing left to kill.
        }
        catch (Win32Exception)
        {
            // Raced with the process exiting on its own.
        }
    }

    /// <summary>
    /// Sends SIGINT to the process (not its group: only the direct child is asked, as a terminal's Ctrl+C would ask a
    /// foreground job's leader). On Windows, which has no signals, and when the signal cannot be delivered, it falls
    /// back to killing the tree.
    /// </summary>
    public static void Interrupt(OsProcess process)
    {
        if (OperatingSystem.IsWindows())
        {
            KillTree(process);
            return;
        }

        int processId;
        try
        {
            if (process.HasExited)
                return;
            processId = process.Id;
        }
        catch (InvalidOperationException)
        {
            return;
        }

        // This runs inside a cancellation callback, where throwing would surface in whoever called Cancel().
        // If the signal cannot be delivered (EPERM: the pid was reused by someone else's process), stop our child
        // the only other way we can; ESRCH means it is already gone.
        if (Kill(processId, SigInt) != 0 && Marshal.GetLastPInvokeError() != NoSuchProcess)
            KillTree(process);
    }

    // DllImport rather than LibraryImport: blittable ints need no marshalling code, and LibraryImport would force
    // AllowUnsafeBlocks on the whole engine for this one call.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int processId, int signal);
}
