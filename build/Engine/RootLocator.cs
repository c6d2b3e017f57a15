namespace RedoxBuild.Engine;

/// <summary>The root is --root (or NUKE_ROOT), else the first folder holding .nuke/ walking up from the working directory.</summary>
internal static class RootLocator
{
    public static AbsolutePath Find(ArgumentParser arguments, BuildInvocation invocation)
    {
        var given = arguments.Get("Root")?.FirstOrDefault() ?? invocation.Environment.GetValueOrDefault("NUKE_ROOT");
        if (given is not null)
        {
            var root = AbsolutePath.Create(given, invocation.WorkingDirectory);
            return root.DirectoryExists() ? root : throw new ParameterException($"--root '{given}' is not a directory.");
        }
        for (var dir = new DirectoryInfo(invocation.WorkingDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, ".nuke"))) return AbsolutePath.Create(dir.FullName);
        throw new ParameterException(
            $"Could not locate the '.nuke' directory while walking up from '{invocation.WorkingDirectory}'. Run from inside the repository or add '--root <path>'.");
    }
}
