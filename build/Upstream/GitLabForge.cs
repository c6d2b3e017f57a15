using RedoxBuild.Engine;
using RedoxBuild.GitLab;

namespace RedoxBuild.Upstream;

/// <summary>FileUpstream's steps on GitLab: POST /projects/:id/fork, poll import_status, a merge request titled "Draft: …".</summary>
public sealed class GitLabForge(GitLabClient client, TimeProvider time) : IForge
{
    public const string DraftPrefix = "Draft: ";

    public string Name => "GitLab";

    /// <summary>GitLab takes any user name with a personal access token as password; "oauth2" is the documented one.</summary>
    public string GitUsername => "oauth2";

    public async Task<string> CurrentUserAsync(CancellationToken cancellationToken) =>
        (await Call(() => client.Users.Current(cancellationToken), "read the token's account (GET /user)").ConfigureAwait(false)).Username;

    public async Task<ForgeProject?> FindProjectAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return ToProject(await Call(() => client.Projects.Get(path, cancellationToken), $"read the project {path}").ConfigureAwait(false));
        }
        catch (GitLabFailure failure) when (failure.InnerException is NotFoundException)
        {
            return null;
        }
    }

    public async Task<ForgeProject> CreateForkAsync(ForgeProject upstream, CancellationToken cancellationToken) =>
        ToProject(await Call(() => client.Projects.Fork(upstream.Path, new ForkProject(), cancellationToken), $"fork {upstream.Path}").ConfigureAwait(false));

    public async Task<bool> IsForkReadyAsync(ForgeProject fork, CancellationToken cancellationToken)
    {
        var project = await Call(() => client.Projects.Get(fork.Id, cancellationToken), $"read the fork {fork.Path}").ConfigureAwait(false);
        return project.ImportStatus switch
        {
            "failed" => throw new BuildFailure($"GitLab could not copy the fork {fork.Path} (import_status failed). Delete the fork on GitLab and run FileUpstream again."),
            null or "none" or "finished" => true,
            _ => false,
        };
    }

    /// <summary>GitLab's branch lookups are not part of this client; git push itself refuses to overwrite a different branch.</summary>
    public Task<string?> BranchHeadAsync(ForgeProject fork, string branch, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public async Task<ForgeDraft> OpenDraftAsync(DraftRequest request, CancellationToken cancellationToken)
    {
        var mergeRequest = await Call(() => client.MergeRequests.Create(request.Fork.Id, NewMergeRequest(request), cancellationToken),
            $"open the draft merge request from {request.Fork.Path}:{request.Branch} into {request.Upstream.Path}").ConfigureAwait(false);
        return new ForgeDraft(mergeRequest.WebUrl, mergeRequest.Iid, mergeRequest.Draft, mergeRequest.Title);
    }

    public IReadOnlyList<PlannedRequest> PlanBeforePush(string upstreamPath, string login, string forkPath, string branch) =>
    [
        Plan(HttpMethod.Get, ApiUrls.CurrentUser(), null, "whose account the token is: the fork goes to its namespace"),
        Plan(HttpMethod.Get, ApiUrls.Project(upstreamPath), null, "the upstream's id and default branch"),
        Plan(HttpMethod.Get, ApiUrls.Project(forkPath), null, "is your fork there?"),
        Plan(HttpMethod.Post, ApiUrls.ProjectFork(upstreamPath), new ForkProject(), "only when the fork is missing; then GET /projects/<fork id> until import_status is finished"),
    ];

    public PlannedRequest PlanDraft(DraftRequest request)
    {
        var planned = Plan(HttpMethod.Post, ApiUrls.MergeRequests(request.Fork.Id), NewMergeRequest(request), "opens the draft merge request");
        // Ids a dry run cannot know are shown as what a real run would use.
        return request.Fork.Id != Placeholders.UnknownId ? planned : planned with
        {
            Url = planned.Url.Replace($"/projects/{Placeholders.UnknownId}/", "/projects/<your fork's id>/", StringComparison.Ordinal),
            Body = planned.Body?.Replace($"\"target_project_id\":{Placeholders.UnknownId}", $"\"target_project_id\":<id of {request.Upstream.Path}>", StringComparison.Ordinal),
        };
    }

    private static MergeRequestCreate NewMergeRequest(DraftRequest request) =>
        new(request.Branch, request.TargetBranch, DraftPrefix + request.Title)
        {
            Description = request.Body,
            TargetProjectId = request.Upstream.Id,
            RemoveSourceBranch = true,
            AllowCollaboration = true,
        };

    private PlannedRequest Plan(HttpMethod method, Uri route, object? body, string purpose)
    {
        var described = client.Connection.Describe(method, route, body);
        return new PlannedRequest(method.Method, Placeholders.Unescape(described.Url.AbsoluteUri), described.Body, purpose);
    }

    private static ForgeProject ToProject(Project project) =>
        new(project.PathWithNamespace, project.Id, project.HttpUrlToRepo, project.DefaultBranch ?? "master", project.ForkedFromProject?.PathWithNamespace);

    /// <summary>Runs one call and explains a failure in words: what happened, and what to do about it.</summary>
    private async Task<T> Call<T>(Func<Task<T>> call, string what)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RateLimitExceededException e)
        {
            var wait = RateLimitAdvice.Wait(e.RetryAfter, e.Reset, time);
            throw new GitLabFailure($"GitLab's rate limit stopped FileUpstream when it tried to {what}: {e.Message} {wait}, then run FileUpstream again; " +
                "what is already done (fork, push) is found and skipped.", e);
        }
        catch (AuthorizationException e)
        {
            throw new GitLabFailure($"GitLab did not accept the token when FileUpstream tried to {what}: {e.Message} Check GITLAB_TOKEN (or --gitlab-token): " +
                "it may be mistyped, expired or revoked. Create a personal access token with the api scope on the GitLab instance you file to.", e);
        }
        catch (ForbiddenException e)
        {
            throw new GitLabFailure($"GitLab refused to let the token {what}: {e.Message} The token works but lacks a scope or role for this: " +
                "it needs the api scope, and your account must be allowed to fork the project and open merge requests.", e);
        }
        catch (ConflictException e)
        {
            throw new GitLabFailure($"GitLab already has an open merge request for this branch ({e.Message}). Update that one (push to its branch) instead of filing again.", e);
        }
        catch (ApiValidationException e)
        {
            throw new GitLabFailure($"GitLab refused to {what}: {e.Message} Check --upstream-project and the target branch.", e);
        }
        catch (NotFoundException e)
        {
            throw new GitLabFailure($"GitLab found nothing when FileUpstream tried to {what}: {e.Message} Check --upstream-project and that the token can see the project.", e);
        }
        catch (GitLab.ApiException e)
        {
            throw new GitLabFailure($"GitLab failed when FileUpstream tried to {what}: {e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new GitLabFailure($"FileUpstream could not reach GitLab at {client.BaseAddress} to {what}: {e.Message}. Check --gitlab-url and the network.", e);
        }
    }

    /// <summary>A GitLab failure explained; the client's exception stays inside for callers that expect some (404 on lookups).</summary>
    private sealed class GitLabFailure(string message, Exception inner) : BuildFailure(message, inner);
}
