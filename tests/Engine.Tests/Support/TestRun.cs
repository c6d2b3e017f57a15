using System.Linq.Expressions;

namespace RedoxBuild.Engine.Tests.Support;

/// <summary>Runs a build in-process against a temporary root (with .nuke/), capturing output; nothing touches the real process.</summary>
public sealed class TestRun : IDisposable
{
    public TestRun()
    {
        Root = Directory.CreateTempSubdirectory("redox-engine-test-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, ".nuke"));
    }

    public string Root { get; }
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);
    public string Out { get; private set; } = "";
    public string Error { get; private set; } = "";

    public void WriteParametersFile(string json, string name = "parameters.json") =>
        File.WriteAllText(Path.Combine(Root, ".nuke", name), json);

    public async Task<int> RunAsync<T>(T build, string[] args, params Expression<Func<T, Target>>[] defaults) where T : NukeBuild
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var invocation = new BuildInvocation(args, Environment, Root, output, error, Interactive: false);
        var code = await BuildRunner.RunAsync(invocation, () => build, defaults);
        Out = output.ToString();
        Error = error.ToString();
        return code;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
