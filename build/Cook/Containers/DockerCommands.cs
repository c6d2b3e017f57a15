using RedoxBuild.CliWrap;

namespace RedoxBuild.Cook.Containers;

/// <summary>
/// The docker CLI commands equivalent to the Engine API calls the builder container makes. A dry run prints these
/// (through the process runner, which redacts secrets), so what would happen can be read, or run by hand.
/// </summary>
internal sealed class DockerCommands(BuilderContainerOptions options)
{
    public Command Create(string name)
    {
        List<string> args = ["create", "--name", name, "--label", $"{BuilderContainerOptions.RootLabel}={options.RepositoryRoot}",
            "--user", options.User.ToString(), "--network", "host", "--workdir", options.RepositoryRoot];
        foreach (var bind in options.Mounts.Binds) args.AddRange(["--volume", bind]);
        return Docker([.. args, options.Image, "sleep", "infinity"]);
    }

    public Command Start(string name) => Docker(["start", name]);

    public Command Exec(string name, string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> command)
    {
        List<string> args = ["exec", "--user", options.User.ToString(), "--workdir", workingDirectory];
        foreach (var (variable, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
            // Forwarded credentials are named only: docker exec -e NAME takes the value from its own environment.
            args.AddRange(["--env", options.ForwardedEnvironment.ContainsKey(variable) ? variable : $"{variable}={value}"]);
        return Docker([.. args, name, .. command]);
    }

    public Command Remove(string name) => Docker(["rm", "--force", name]);

    private Command Docker(IReadOnlyList<string> args) => Cli.Wrap("docker").WithArguments(args).WithWorkingDirectory(options.RepositoryRoot);
}
