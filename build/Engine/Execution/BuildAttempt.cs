using System.Security.Cryptography;
using System.Text;

namespace RedoxBuild.Engine;

/// <summary>
/// .nuke/temp/build-attempt.log: a hash of the invocation, then the targets that succeeded. With --continue and the same
/// invocation, those targets are skipped. Unlike Nuke, the hash leaves out --continue itself, so adding the switch to a
/// failed command line continues it (what Nuke's docs promise).
/// </summary>
internal sealed class BuildAttempt(AbsolutePath file, IReadOnlyList<string> args)
{
    public string InvocationHash { get; } = Hash(args.Where(a => Naming.Normalize(a) != "continue" || !a.StartsWith('-')));

    /// <summary>Targets that succeeded in the previous attempt of this same invocation; empty when it changed.</summary>
    public IReadOnlySet<string> LoadPrevious(out bool invocationChanged)
    {
        invocationChanged = false;
        if (!file.FileExists()) return new HashSet<string>();
        var lines = File.ReadAllLines(file);
        if (lines.Length == 0 || lines[0] != InvocationHash)
        {
            invocationChanged = true;
            return new HashSet<string>();
        }
        return lines.Skip(1).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
    }

    public void Save(IEnumerable<string> succeeded)
    {
        file.Parent?.CreateDirectory();
        File.WriteAllLines(file, succeeded.Prepend(InvocationHash));
    }

    private static string Hash(IEnumerable<string> tokens) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", tokens))));
}
