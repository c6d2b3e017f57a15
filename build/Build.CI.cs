using RedoxBuild.Engine.CI;

// The project's GitHub Actions workflows, generated from these attributes (.github/workflows/*.yml; a stale file fails
// CI and the test suite). Regenerate with ./build.sh --generate-configuration GitHubActions_<name>.
[GitHubActions("ci", GitHubActionsImage.UbuntuLatest,
    On = [GitHubActionsTrigger.Push, GitHubActionsTrigger.PullRequest],
    InvokedTargets = [nameof(Test)],
    TimeoutMinutes = 60,
    ConcurrencyCancelInProgress = true,
    ExtraStepsBefore = "- name: Install test prerequisites\n  run: sudo apt-get update && sudo apt-get install -y --no-install-recommends $(cat .ci/packages)")]
// Images of the four profiles: plan, cook (the source and binary caches restored and saved), assemble, boot under QEMU
// (KVM when the runner has it, else TCG), and upload the images, serial logs and JUnit reports. Outputs the packages
// workflow published are pulled from the remote cache (verified against the trusted keys); the rest is built here.
[GitHubActions("images", GitHubActionsImage.Ubuntu2404,
    OnPushBranches = ["main"],
    OnPullRequestBranches = ["main"],
    OnPushExcludePaths = ["**/*.md"],
    InvokedTargets = [nameof(Plan), nameof(DiskImage), nameof(BootTest)],
    Matrix = ["profile: default, minimal, graphical, cloud"],
    ImportSecrets = [nameof(CacheUrl), nameof(CacheToken), nameof(CacheTrustedKeys)],
    TimeoutMinutes = 360,
    ConcurrencyCancelInProgress = true,
    PublishCondition = "always()",
    CacheKeyFiles = ["recipes.lock", "recipes/**/recipe.toml", "patches/**", "**/packages.lock.json"],
    CacheIncludePatterns = [".nuke/temp", "~/.nuget/packages", "~/.cache/redox-build", "prefix"],
    ExtraStepsBefore = "- name: Install image and boot tools\n  run: sudo apt-get update && sudo apt-get install -y --no-install-recommends qemu-system-x86 qemu-utils ovmf nasm meson ninja-build")]
// The binary cache for everyone else: the closures of the two widest profiles (graphical and cloud both include default,
// which includes minimal), each cooked by two shards that share outputs through the remote cache, so every output is
// built once and the images workflow and developers pull it. The signing key arrives as a secret and lives only in the
// runner's temporary directory.
[GitHubActions("packages", GitHubActionsImage.Ubuntu2404,
    OnPushBranches = ["main"],
    OnPushExcludePaths = ["**/*.md"],
    InvokedTargets = [nameof(PublishCache)],
    Matrix = ["profile: graphical, cloud", "shard: 1/2, 2/2"],
    ImportSecrets = [nameof(CacheUrl), nameof(CacheToken), nameof(CacheTrustedKeys)],
    TimeoutMinutes = 360,
    PublishArtifacts = false,
    CacheKeyFiles = ["recipes.lock", "recipes/**/recipe.toml", "patches/**", "**/packages.lock.json"],
    CacheIncludePatterns = [".nuke/temp", "~/.nuget/packages", "prefix"],
    ExtraStepsBefore = "- name: Cache signing key\n  run: |\n    umask 077\n    printf '%s\\n' \"$KEY\" > \"$RUNNER_TEMP/cache.key\"\n    echo \"CACHE_SECRET_KEY_FILE=$RUNNER_TEMP/cache.key\" >> \"$GITHUB_ENV\"\n  env:\n    KEY: ${{ secrets.CACHE_SIGNING_KEY }}\n- name: Install build tools\n  run: sudo apt-get update && sudo apt-get install -y --no-install-recommends nasm meson ninja-build")]
partial class Build;
