# Bootstrap of the Redox build for PowerShell (Windows, or pwsh elsewhere): the same steps as build.sh.
# Find (or install) the .NET SDK, build build/_build.csproj only when its inputs changed, run the build program.
[CmdletBinding()]
Param([Parameter(Position = 0, Mandatory = $false, ValueFromRemainingArguments = $true)][string[]]$BuildArguments)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version 2.0

$ScriptDir = Split-Path $MyInvocation.MyCommand.Path -Parent
$BuildProjectFile = Join-Path $ScriptDir "build/_build.csproj"
$BuildAssembly = Join-Path $ScriptDir "build/bin/Debug/net10.0/_build.dll"
$TempDirectory = Join-Path $ScriptDir ".nuke/temp"
$StampFile = Join-Path $TempDirectory "build-project.fingerprint"
$DotNetInstallDirectory = Join-Path $TempDirectory "dotnet-win"

$env:DOTNET_CLI_TELEMETRY_OPTOUT = 1
$env:DOTNET_NOLOGO = 1
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = 1

function Test-DotNet([string]$Candidate) {
    # dotnet --version fails when the SDK band pinned in global.json is missing.
    if (-not $Candidate -or -not (Test-Path $Candidate)) { return $false }
    Push-Location $ScriptDir
    try { & $Candidate --version *> $null; return $LASTEXITCODE -eq 0 } catch { return $false } finally { Pop-Location }
}

function Find-DotNet {
    if ($env:DOTNET_EXE) {
        if (Test-DotNet $env:DOTNET_EXE) { return $env:DOTNET_EXE }
        throw "DOTNET_EXE=$($env:DOTNET_EXE) is not a usable .NET SDK 10 (see global.json)."
    }
    $onPath = (Get-Command dotnet -ErrorAction SilentlyContinue | Select-Object -First 1 -ExpandProperty Source)
    $exe = if ($IsWindows -or $env:OS -eq "Windows_NT") { "dotnet.exe" } else { "dotnet" }
    foreach ($candidate in @($onPath, (Join-Path $HOME ".dotnet/$exe"), (Join-Path $DotNetInstallDirectory $exe))) {
        if (Test-DotNet $candidate) { return $candidate }
    }
    return $null
}

function Install-DotNet {
    # Works where there is internet; offline it fails and we say what to install instead.
    New-Item -ItemType Directory -Force -Path $TempDirectory | Out-Null
    $script = Join-Path $TempDirectory "dotnet-install.ps1"
    $version = (Get-Content (Join-Path $ScriptDir "global.json") | ConvertFrom-Json).sdk.version
    $channel = $version.Substring(0, $version.LastIndexOf('.'))
    Write-Host "build.ps1: no .NET SDK 10 found; trying Microsoft's install script into $DotNetInstallDirectory"
    Invoke-WebRequest "https://dot.net/v1/dotnet-install.ps1" -OutFile $script -TimeoutSec 60
    & $script -InstallDir $DotNetInstallDirectory -Channel $channel -NoPath
    $exe = if ($IsWindows -or $env:OS -eq "Windows_NT") { "dotnet.exe" } else { "dotnet" }
    return (Join-Path $DotNetInstallDirectory $exe)
}

$DotNet = Find-DotNet
if (-not $DotNet) {
    try { $DotNet = Install-DotNet } catch { $DotNet = $null }
    if (-not $DotNet -or -not (Test-DotNet $DotNet)) {
        Write-Error ("the .NET SDK 10 was not found (looked at DOTNET_EXE, PATH, ~/.dotnet and $DotNetInstallDirectory) and could not be downloaded.`n" +
            "Install it and run ./build.ps1 again:`n" +
            "  Windows:         winget install Microsoft.DotNet.SDK.10`n" +
            "  Debian / Ubuntu: apt-get install dotnet-sdk-10.0`n" +
            "  Fedora:          dnf install dotnet-sdk-10.0`n" +
            "  Arch:            pacman -S dotnet-sdk`n" +
            "  macOS:           brew install --cask dotnet-sdk`n" +
            "or set DOTNET_EXE to the dotnet binary of an SDK 10 install (https://dot.net/download).")
        exit 1
    }
}

# Every input of the build program, by content: sources, project files, lock files and the SDK pin.
function Get-Fingerprint {
    $buildDir = Join-Path $ScriptDir "build"
    $files = Get-ChildItem -Path $buildDir -Recurse -File |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' } |
        ForEach-Object { $_.FullName.Substring($ScriptDir.Length + 1).Replace('\', '/') }
    $files = @($files) + @("global.json", "Directory.Build.props") | Sort-Object -CaseSensitive
    $lines = foreach ($f in $files) { "$((Get-FileHash -Algorithm SHA256 (Join-Path $ScriptDir $f)).Hash.ToLowerInvariant())  $f" }
    $bytes = [System.Text.Encoding]::UTF8.GetBytes(($lines -join "`n"))
    return [System.BitConverter]::ToString([System.Security.Cryptography.SHA256]::Create().ComputeHash($bytes)).Replace("-", "").ToLowerInvariant()
}

$current = Get-Fingerprint
$stale = -not (Test-Path $BuildAssembly) -or -not (Test-Path $StampFile) -or ((Get-Content $StampFile -Raw).Trim() -ne $current)
if ($stale) {
    New-Item -ItemType Directory -Force -Path $TempDirectory | Out-Null
    & $DotNet build $BuildProjectFile /nodeReuse:false /p:UseSharedCompilation=false -nologo -clp:NoSummary --verbosity quiet
    if ($LASTEXITCODE -ne 0) { Write-Error "build.ps1: the build project does not compile (see the errors above)."; exit 1 }
    Set-Content -Path $StampFile -Value $current
}

& $DotNet $BuildAssembly @BuildArguments
exit $LASTEXITCODE
