// A deterministic child process for the process-runner specs, in the spirit of CliWrap.Tests.Dummy.
// Each verb does one observable thing so a spec can assert exact bytes, exit codes and timing.
using System.Diagnostics;
using System.Runtime.InteropServices;

return Dummy.Run(args);

internal static class Dummy
{
    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: RedoxBuild.Dummy <echo|echo-stderr|exit|fail|env|cwd|pid|sleep|stdin|spawn-sleeper|lines|args|wait-sigint|ignore-sigint> ...");
            return 64;
        }

        var rest = args.Skip(1).ToArray();
        switch (args[0])
        {
            case "echo":
                Console.Out.WriteLine(string.Join(' ', rest));
                return 0;
            case "echo-stderr":
                Console.Error.WriteLine(string.Join(' ', rest));
                return 0;
            case "args":
                // One argument per line, so specs can check that quoting survived exactly.
                foreach (var a in rest) Console.Out.WriteLine($"[{a}]");
                return 0;
            case "exit":
                return int.Parse(rest[0]);
            case "fail":
                // "fail N TEXT...": TEXT on stderr, then exit code N, so failure messages can quote stderr.
                Console.Error.WriteLine(string.Join(' ', rest.Skip(1)));
                return int.Parse(rest[0]);
            case "pid":
                Console.Out.WriteLine(Environment.ProcessId);
                return 0;
            case "env":
                foreach (var name in rest)
                    Console.Out.WriteLine($"{name}={Environment.GetEnvironmentVariable(name) ?? "<unset>"}");
                return 0;
            case "cwd":
                Console.Out.WriteLine(Directory.GetCurrentDirectory());
                return 0;
            case "sleep":
                Thread.Sleep(TimeSpan.FromSeconds(double.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture)));
                Console.Out.WriteLine("slept");
                return 0;
            case "stdin":
                Console.Out.Write(Console.In.ReadToEnd());
                return 0;
            case "lines":
                // "lines N": N numbered lines on stdout and every third one on stderr, interleaved.
                var n = int.Parse(rest[0]);
                for (var i = 1; i <= n; i++)
                {
                    Console.Out.WriteLine($"out {i}");
                    if (i % 3 == 0) Console.Error.WriteLine($"err {i}");
                }
                return 0;
            case "spawn-sleeper":
                // Starts a grandchild that sleeps, writes its pid to the given file, then sleeps itself.
                // Cancellation specs check that killing this process also ends the grandchild.
                var pidFile = rest[0];
                var self = Environment.ProcessPath!;
                var start = new ProcessStartInfo(self) { UseShellExecute = false };
                if (self.EndsWith("dotnet", StringComparison.Ordinal)) start.ArgumentList.Add(typeof(Dummy).Assembly.Location);
                start.ArgumentList.Add("sleep");
                start.ArgumentList.Add("60");
                using (var child = Process.Start(start)!)
                {
                    File.WriteAllText(pidFile, child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                Console.Out.WriteLine("spawned");
                Thread.Sleep(TimeSpan.FromSeconds(60));
                return 0;
            case "wait-sigint":
                // Prints "ready", then waits (at most 60 s) for SIGINT, reports it and exits cleanly with 0.
                return WaitForInterrupt(exitOnSignal: true);
            case "ignore-sigint":
                // Prints "ready", reports SIGINT when it arrives but keeps sleeping: only a kill ends it.
                return WaitForInterrupt(exitOnSignal: false);
            default:
                Console.Error.WriteLine($"unknown verb '{args[0]}'");
                return 64;
        }
    }

    private static int WaitForInterrupt(bool exitOnSignal)
    {
        using var interrupted = new ManualResetEventSlim();
        using var registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true; // keep the runtime from terminating the process; this verb decides
            interrupted.Set();
        });
        Console.Out.WriteLine("ready");
        if (!interrupted.Wait(TimeSpan.FromSeconds(60)))
        {
            Console.Out.WriteLine("no SIGINT within 60 s");
            return 1;
        }
        if (exitOnSignal)
        {
            Console.Out.WriteLine("got SIGINT");
            return 0;
        }
        Console.Out.WriteLine("ignored SIGINT");
        Thread.Sleep(TimeSpan.FromSeconds(60));
        return 0;
    }
}
