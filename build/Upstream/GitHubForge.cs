using RedoxBuild.Engine;
using RedoxBuild.GitHub;

namespace RedoxBuild.Upstream;

/// <summary>FileUpstream's steps on GitHub: forks, git refs and pulls with draft: true.</summary>
public sealed class GitHubForge(GitHubClient client, TimeProvider time) : IForge
{
    public string Name => "GitHub";

    /// <summary>GitHub takes any user name with a token as password; this is the one its documentation uses.</summary>
    public string GitUsername => "x-access-token";

    public async Task<string> CurrentUserAsync(CancellationToken cancellationToken) =>
        (await Call(() => client.User.Current(cancellationToken), "read the token's account (GET /user)").ConfigureAwait(false)).Login;

    public async Task<ForgeProject?> FindProjectAsync(string path, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(path);
        try
        {
            return ToProject(await Call(() => client.Repository.Get(owner, name, cancellationToken), $"read the repository {path}").ConfigureAwait(false));
        }
        catch (GitHubFailure failure) when (failure.InnerException is NotFoundException)
        {
            return null;
        }
    }

    public async Task<ForgeProject> CreateForkAsync(ForgeProject upstream, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(upstream.Path);
        return ToProject(await Call(() => client.Repository.Forks.Create(owner, name, new NewRepositoryFork(), cancellationToken), $"fork {upstream.Path}").ConfigureAwait(false));
    }

    public async Task<bool> IsForkReadyAsync(ForgeProject fork, CancellationToken cancellationToken)
    {
        // GitHub copies a fork in the background: ready once the repository and its default branch can be read.
        var repository = await FindProjectAsync(fork.Path, cancellationToken).ConfigureAwait(false);
        return repository is not null && await BranchHeadAsync(repository, repository.DefaultBranch, cancellationToken).ConfigureAwait(false) is not null;
    }

    public async Task<string?> BranchHeadAsync(ForgeProject fork, string branch, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(fork.Path);
        try
        {
            return (await Call(() => client.Git.Reference.Get(owner, name, "heads/" + branch, cancellationToken), $"read branch {branch} of {fork.Path}").ConfigureAwait(false)).Object.Sha;
        }
        catch (GitHubFailure failure) when (failure.InnerException is NotFoundException)
        {
            return null;
        }
    }

    public async Task<ForgeDraft> OpenDraftAsync(DraftRequest request, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(request.Upstream.Path);
        var pull = await Call(() => client.PullRequest.Create(owner, name, NewPull(request), cancellationToken),
            $"open the draft pull request from {request.ForkOwner}:{request.Branch} into {request.Upstream.Path}").ConfigureAwait(false);
        return new ForgeDraft(pull.HtmlUrl, pull.Number, pull.Draft, pull.Title);
    }

    public IReadOnlyList<PlannedRequest> PlanBeforePush(string upstreamPath, string login, string forkPath, string branch)
    {
        var (owner, name) = Split(upstreamPath);
        var (forkOwner, forkName) = Split(forkPath);
        return
        [
            Plan(HttpMethod.Get, ApiUrls.CurrentUser(), null, "whose account the token is: the fork goes there"),
            Plan(HttpMethod.Get, ApiUrls.Repository(owner, name), null, "the upstream and its default branch"),
            Plan(HttpMethod.Get, ApiUrls.Repository(forkOwner, forkName), null, "is your fork there?"),
            Plan(HttpMethod.Post, ApiUrls.RepositoryForks(owner, name), new NewRepositoryFork(), "only when the fork is missing; then the fork and its default branch are read until they exist"),
            Plan(HttpMethod.Get, ApiUrls.Reference(forkOwner, forkName, "heads/" + branch), null, "is the branch on your fork already?"),
        ];
    }

    public PlannedRequest PlanDraft(DraftRequest request)
    {
        var (owner, name) = Split(request.Upstream.Path);
        return Plan(HttpMethod.Post, ApiUrls.PullRequests(owner, name), NewPull(request), "opens the draft pull request");
    }

    private static NewPullRequest NewPull(DraftRequest request) =>
        new(request.Title, $"{request.ForkOwner}:{request.Branch}", request.TargetBranch) { Body = request.Body, Draft = true, MaintainerCanModify = true };

    private PlannedRequest Plan(HttpMethod method, Uri route, object? body, string purpose)
    {
        var described = client.Connection.Describe(method, route, body);
        return new PlannedRequest(method.Method, Placeholders.Unescape(described.Url.AbsoluteUri), described.Body, purpose);
    }

    private static ForgeProject ToProject(Repository repository) =>
        new(repository.FullName, repository.Id, repository.CloneUrl, repository.DefaultBranch, repository.Parent?.FullName);

    private static (string Owner, string Name) Split(string path) =>
        path.Split('/') is [var owner, var name] ? (owner, name)
            : throw new BuildFailure($"'{path}' is not a GitHub repository: GitHub names repositories owner/name (--upstream-project owner/name).");

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
            throw new GitHubFailure($"GitHub's rate limit stopped FileUpstream when it tried to {what}: {e.Message} {wait}, then run FileUpstream again; " +
                "what is already done (fork, push) is found and skipped.", e);
        }
        catch (AuthorizationException e)
        {
            throw new GitHubFailure($"GitHub did not accept the token when FileUpstream tried to {what}: {e.Message} Check GITHUB_TOKEN (or --github-token): " +
                "it may be mistyped, expired or revoked. It must be able to fork and open pull requests: a classic token with the public_repo scope, " +
                "or a fine-grained token with Contents and Pull requests (read and write).", e);
        }
        catch (ForbiddenException e)
        {
            throw new GitHubFailure($"GitHub refused to let the token {what}: {e.Message} The token works but lacks a permission for this: give it the public_repo scope " +
                "(classic) or Contents and Pull requests read and write (fine-grained), and check that the repository allows forks and pull requests.", e);
        }
        catch (ApiValidationException e)
        {
            throw new GitHubFailure($"GitHub refused to {what}: {e.Message} If a pull request from this branch is open already, update that one " +
                "(push to its branch) instead of filing again; otherwise check --upstream-project and the target branch.", e);
        }
        catch (NotFoundException e)
        {
            throw new GitHubFailure($"GitHub found nothing when FileUpstream tried to {what}: {e.Message} Check --upstream-project and that the token can see the repository.", e);
        }
        catch (GitHub.ApiException e)
        {
            throw new GitHubFailure($"GitHub failed when FileUpstream tried to {what}: {e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new GitHubFailure($"FileUpstream could not reach GitHub at {client.BaseAddress} to {what}: {e.Message}. Check --github-api-url and the network.", e);
        }
    }

    /// <summary>A GitHub failure explained; the client's exception stays inside for callers that expect some (404 on lookups).</summary>
    private sealed class GitHubFailure(string message, Exception inner) : BuildFailure(message, inner);
}
