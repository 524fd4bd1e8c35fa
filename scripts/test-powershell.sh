#!/usr/bin/env bash
# `npm run test:powershell`: every Pester suite under test/powershell, run by PowerShell 7 (.tools/pwsh, installed
# by scripts/install-powershell.sh), with Pester's code coverage of the shipped scripts
# (electron/engine/windows/scripts/*.ps1). Ends with Pester's summary, the coverage percentage and the plain
# line "N passed, M failed"; exits non-zero when a test fails (or none ran), or when a full run covers less
# than the target in test/powershell/Invoke-Suites.ps1 (85 % of the commands; counted as one failure).
set -uo pipefail
cd "$(dirname "$0")/.."

PWSH=.tools/pwsh/pwsh
PESTER=.tools/pester/pester/5.7.1/tools/Pester.psd1
if [[ ! -x "$PWSH" || ! -f "$PESTER" ]]; then
  echo "test:powershell: PowerShell 7 and Pester are not installed in .tools/ (looked for $PWSH and $PESTER)." >&2
  echo "Install them (needs the .NET SDK and NuGet): bash scripts/install-powershell.sh" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
mkdir -p test-results
exec "$PWSH" -NoProfile -NonInteractive -File test/powershell/Invoke-Suites.ps1 "$@"
