using RedoxBuild.CliWrap;

namespace RedoxBuild.Upstream;

/// <summary>
/// Gives git the token for an HTTPS push without putting it on a command line or into a URL: git runs a small
/// askpass script that answers its prompts from two environment variables of the push command. Command lines and
/// their environment are logged with secrets redacted, and the token is a registered secret.
/// </summary>
public static class GitCredentials
{
    public const string UserVariable = "REDOX_BUILD_GIT_USERNAME";
    public const string PasswordVariable = "REDOX_BUILD_GIT_PASSWORD";

    private const string Script =
        "#!/bin/sh\n" +
        "# Written by the Redox build: answers git's HTTPS credential prompts from the environment of one push.\n" +
        "# It holds no secret itself; the token only exists in that push's environment.\n" +
        "case \"$1\" in\n" +
        "  Username*) printf '%s\\n' \"$" + UserVariable + "\" ;;\n" +
        "  *) printf '%s\\n' \"$" + PasswordVariable + "\" ;;\n" +
        "esac\n";

    /// <summary>Writes the askpass script into <paramref name="directory"/> (owner-only permissions) and returns its path.</summary>
    public static string WriteAskPass(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "git-askpass.sh");
        if (!File.Exists(path) || File.ReadAllText(path) != Script) File.WriteAllText(path, Script);
        // Git for Windows runs the script through its own sh and ignores modes.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>
    /// git push of <paramref name="branch"/> to <paramref name="remoteUrl"/>; credential helpers are switched off so the
    /// token given here, not one stored for the host, is used, and git never prompts on the terminal.
    /// </summary>
    public static Command Push(string repository, string remoteUrl, string branch, string askPass, string username, string? token) =>
        Cli.Wrap("git")
            .WithArguments(["-c", "credential.helper=", "push", remoteUrl, $"refs/heads/{branch}:refs/heads/{branch}"])
            .WithWorkingDirectory(repository)
            .WithEnvironmentVariables(env =>
            {
                env.Set("GIT_ASKPASS", askPass).Set("GIT_TERMINAL_PROMPT", "0").Set("LC_ALL", "C").Set(UserVariable, username);
                if (token is not null) env.Set(PasswordVariable, token);
            });
}
