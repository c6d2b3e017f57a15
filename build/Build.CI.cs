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
// (KVM when the runner has it, else TCG), and upload the images, serial logs and JUnit reports.
[GitHubActions("images", GitHubActionsImage.Ubuntu2404,
    OnPushBranches = ["main"],
    OnPullRequestBranches = ["main"],
    OnPushExcludePaths = ["**/*.md"],
    InvokedTargets = [nameof(Plan), nameof(DiskImage), nameof(BootTest)],
    Matrix = ["profile: default, minimal, graphical, cloud"],
    ImportSecrets = [nameof(CacheToken)],
    TimeoutMinutes = 360,
    ConcurrencyCancelInProgress = true,
    PublishCondition = "always()",
    CacheKeyFiles = ["recipes.lock", "recipes/**/recipe.toml", "patches/**", "**/packages.lock.json"],
    CacheIncludePatterns = [".nuke/temp", "~/.nuget/packages", "~/.cache/redox-build", "prefix"],
    ExtraStepsBefore = "- name: Install image and boot tools\n  run: sudo apt-get update && sudo apt-get install -y --no-install-recommends qemu-system-x86 qemu-utils ovmf nasm meson ninja-build")]
partial class Build;
