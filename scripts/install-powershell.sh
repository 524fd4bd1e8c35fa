#!/usr/bin/env bash
# Installs what `npm run test:powershell` needs, inside the project (nothing system-wide):
#   .tools/pwsh/pwsh          PowerShell 7.6.10, as a .NET tool (dotnet tool install --tool-path)
#   .tools/pester/pester/5.7.1/tools/Pester.psd1   Pester 5.7.1, restored from NuGet
# Idempotent: a second run with both present does nothing. Needs the .NET SDK (8 or later) and NuGet.
# (Without --version, dotnet takes PowerShell 7.7.0, which fails to install here: the version is pinned.)
set -euo pipefail
cd "$(dirname "$0")/.."

PWSH_VERSION=7.6.10
PESTER_VERSION=5.7.1
TOOLS="$PWD/.tools"
PWSH="$TOOLS/pwsh/pwsh"
PESTER="$TOOLS/pester/pester/$PESTER_VERSION/tools/Pester.psd1"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "install-powershell: the .NET SDK (dotnet) is needed to install PowerShell $PWSH_VERSION and Pester $PESTER_VERSION" >&2
  exit 1
fi

if [[ -x "$PWSH" ]] && "$PWSH" -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null | grep -qx "$PWSH_VERSION"; then
  echo "install-powershell: PowerShell $PWSH_VERSION already in .tools/pwsh"
else
  rm -rf "$TOOLS/pwsh"
  mkdir -p "$TOOLS"
  dotnet tool install --tool-path "$TOOLS/pwsh" PowerShell --version "$PWSH_VERSION" >/dev/null
  echo "install-powershell: installed PowerShell $PWSH_VERSION in .tools/pwsh"
fi

if [[ -f "$PESTER" ]]; then
  echo "install-powershell: Pester $PESTER_VERSION already in .tools/pester"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  cat >"$work/pester-download.csproj" <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Pester" Version="[$PESTER_VERSION]" />
  </ItemGroup>
</Project>
CSPROJ
  mkdir -p "$TOOLS/pester"
  dotnet restore "$work/pester-download.csproj" --packages "$TOOLS/pester" >/dev/null
  if [[ ! -f "$PESTER" ]]; then
    echo "install-powershell: Pester $PESTER_VERSION was restored but $PESTER is missing" >&2
    exit 1
  fi
  echo "install-powershell: installed Pester $PESTER_VERSION in .tools/pester"
fi
