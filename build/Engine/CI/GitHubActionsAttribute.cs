namespace RedoxBuild.Engine.CI;

/// <summary>Runner images, with the label GitHub uses.</summary>
public enum GitHubActionsImage
{
    [System.Runtime.Serialization.EnumMember(Value = "ubuntu-latest")] UbuntuLatest,
    [System.Runtime.Serialization.EnumMember(Value = "ubuntu-24.04")] Ubuntu2404,
    [System.Runtime.Serialization.EnumMember(Value = "ubuntu-22.04")] Ubuntu2204,
    [System.Runtime.Serialization.EnumMember(Value = "self-hosted")] SelfHosted,
}

/// <summary>The short trigger form: On = [Push, PullRequest].</summary>
public enum GitHubActionsTrigger
{
    [System.Runtime.Serialization.EnumMember(Value = "push")] Push,
    [System.Runtime.Serialization.EnumMember(Value = "pull_request")] PullRequest,
    [System.Runtime.Serialization.EnumMember(Value = "workflow_dispatch")] WorkflowDispatch,
}

/// <summary>
/// Declares a GitHub Actions workflow generated from the build (Nuke's [GitHubActions] shape): one job per image,
/// each running <c>./build.sh &lt;InvokedTargets&gt;</c>. Extras over Nuke: a <see cref="Matrix"/> whose values reach
/// parameters through the environment (PROFILE=${{ matrix.profile }}), raw extra steps, and an action table.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class GitHubActionsAttribute(string name, GitHubActionsImage image, params GitHubActionsImage[] images) : Attribute
{
    public string Name { get; } = name.Replace(' ', '_');
    public IReadOnlyList<GitHubActionsImage> Images { get; } = [image, .. images];

    public GitHubActionsTrigger[] On { get; set; } = [];
    public string[] OnPushBranches { get; set; } = [];
    public string[] OnPushBranchesIgnore { get; set; } = [];
    public string[] OnPushTags { get; set; } = [];
    public string[] OnPushIncludePaths { get; set; } = [];
    public string[] OnPushExcludePaths { get; set; } = [];
    public string[] OnPullRequestBranches { get; set; } = [];
    public string[] OnPullRequestIncludePaths { get; set; } = [];
    public string[] OnPullRequestExcludePaths { get; set; } = [];
    public string[] OnWorkflowDispatchOptionalInputs { get; set; } = [];
    public string[] OnWorkflowDispatchRequiredInputs { get; set; } = [];
    public string? OnCronSchedule { get; set; }

    /// <summary>Targets each job runs, in one ./build.sh invocation.</summary>
    public string[] InvokedTargets { get; set; } = [];

    /// <summary>Parameters exported from secrets: ApiKey becomes ApiKey: ${{ secrets.API_KEY }}.</summary>
    public string[] ImportSecrets { get; set; } = [];
    public bool EnableGitHubToken { get; set; }

    /// <summary>Matrix axes as "name: a, b, c"; each axis is exported as env NAME=${{ matrix.name }}.</summary>
    public string[] Matrix { get; set; } = [];

    public int FetchDepth { get; set; } = -1;
    public bool Submodules { get; set; }
    public int TimeoutMinutes { get; set; }

    public string[] CacheKeyFiles { get; set; } = ["**/global.json", "**/*.csproj", "**/packages.lock.json"];
    public string[] CacheIncludePatterns { get; set; } = [".nuke/temp", "~/.nuget/packages"];
    public string[] CacheExcludePatterns { get; set; } = [];

    public bool PublishArtifacts { get; set; } = true;
    public string? PublishCondition { get; set; }

    public bool ConcurrencyCancelInProgress { get; set; }

    /// <summary>Raw YAML step lists ("- run: ...") inserted before / after the build step.</summary>
    public string? ExtraStepsBefore { get; set; }
    public string? ExtraStepsAfter { get; set; }

    /// <summary>When false, the file is left alone and never checked.</summary>
    public bool AutoGenerate { get; set; } = true;

    public string FileName => $"{Name}.yml";
}
