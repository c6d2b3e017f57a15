#!/usr/bin/env bash
# Bootstrap of the Redox build: find (or install) the .NET SDK, build build/_build.csproj only when its inputs
# changed (content fingerprint, not timestamps), then run the build program with all arguments.
set -eo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_PROJECT_FILE="$SCRIPT_DIR/build/_build.csproj"
BUILD_ASSEMBLY="$SCRIPT_DIR/build/bin/Debug/net10.0/_build.dll"
TEMP_DIRECTORY="$SCRIPT_DIR/.nuke/temp"
STAMP_FILE="$TEMP_DIRECTORY/build-project.fingerprint"
DOTNET_INSTALL_DIRECTORY="$TEMP_DIRECTORY/dotnet-unix"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fail() { echo "build.sh: $*" >&2; exit 1; }

# A dotnet that runs and accepts global.json: dotnet --version fails when the pinned SDK band is missing, so this
# one short process start saves a confusing MSBuild error later.
usable() { [ -n "$1" ] && [ -x "$1" ] && (cd "$SCRIPT_DIR" && "$1" --version >/dev/null 2>&1); }

find_dotnet() {
    if [ -n "${DOTNET_EXE:-}" ]; then
        usable "$DOTNET_EXE" && { echo "$DOTNET_EXE"; return 0; }
        fail "DOTNET_EXE=$DOTNET_EXE is not a usable .NET SDK 10 (see global.json)."
    fi
    local candidate
    for candidate in "$(command -v dotnet || true)" "$HOME/.dotnet/dotnet" "$DOTNET_INSTALL_DIRECTORY/dotnet"; do
        if usable "$candidate"; then echo "$candidate"; return 0; fi
    done
    return 1
}

install_dotnet() {
    # Works where there is internet; offline it fails quickly and we say what to install instead.
    local script="$TEMP_DIRECTORY/dotnet-install.sh" url="https://dot.net/v1/dotnet-install.sh" version
    mkdir -p "$TEMP_DIRECTORY"
    echo "build.sh: no .NET SDK 10 found; trying Microsoft's install script into $DOTNET_INSTALL_DIRECTORY" >&2
    if command -v curl >/dev/null; then curl -fsSL --max-time 60 "$url" -o "$script" || return 1
    elif command -v wget >/dev/null; then wget -q -T 60 -O "$script" "$url" || return 1
    else return 1; fi
    version=$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$SCRIPT_DIR/global.json" | head -n 1)
    bash "$script" --install-dir "$DOTNET_INSTALL_DIRECTORY" --channel "${version%.*}" --no-path >&2 || return 1
    usable "$DOTNET_INSTALL_DIRECTORY/dotnet"
}

if ! DOTNET=$(find_dotnet); then
    install_dotnet || fail "the .NET SDK 10 was not found (looked at \$DOTNET_EXE, PATH, ~/.dotnet and $DOTNET_INSTALL_DIRECTORY) and could not be downloaded.
Install it and run ./build.sh again:
  Debian / Ubuntu: apt-get install dotnet-sdk-10.0   (Ubuntu 24.04+, or after adding packages.microsoft.com on Debian)
  Fedora:          dnf install dotnet-sdk-10.0
  Arch:            pacman -S dotnet-sdk
  macOS:           brew install --cask dotnet-sdk
or set DOTNET_EXE to the dotnet binary of an SDK 10 install (https://dot.net/download)."
    DOTNET="$DOTNET_INSTALL_DIRECTORY/dotnet"
fi

if command -v sha256sum >/dev/null; then SHA256=(sha256sum); else SHA256=(shasum -a 256); fi

# Every input of the build program, by content: sources, project files, lock files and the SDK pin.
# Build outputs under build/ (images, work trees, fetched sources) are not inputs and may be gigabytes: skip them.
fingerprint() {
    (
        cd "$SCRIPT_DIR"
        { find build \( -path build/images -o -path build/work -o -path build/sources -o -path build/upstream -o -name bin -o -name obj \) -prune \
              -o -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name 'packages.lock.json' -o -name '*.sh' -o -path 'build/Resources/*' \) -print
          echo global.json; echo Directory.Build.props; } \
            | LC_ALL=C sort | tr '\n' '\0' | xargs -0 "${SHA256[@]}"
    ) | "${SHA256[@]}" | cut -d' ' -f1
}

CURRENT=$(fingerprint)
if [ ! -f "$BUILD_ASSEMBLY" ] || [ ! -f "$STAMP_FILE" ] || [ "$(cat "$STAMP_FILE")" != "$CURRENT" ]; then
    mkdir -p "$TEMP_DIRECTORY"
    # Quiet on success (MSBuild's summary is noise before the build's own output); the whole log on failure.
    echo "Compiling the build project (its sources changed, or first run)..." >&2
    if ! "$DOTNET" build "$BUILD_PROJECT_FILE" /nodeReuse:false /p:UseSharedCompilation=false -nologo -tl:off --verbosity quiet \
        > "$TEMP_DIRECTORY/build-project.log" 2>&1; then
        cat "$TEMP_DIRECTORY/build-project.log" >&2
        fail "the build project does not compile (see the errors above; also in .nuke/temp/build-project.log)."
    fi
    echo "$CURRENT" > "$STAMP_FILE"
fi

exec "$DOTNET" "$BUILD_ASSEMBLY" "$@"
