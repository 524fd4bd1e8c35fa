#!/usr/bin/env bash
# `npm test`: build everything, lint, run every test (inside a private unlocked keyring session for the
# vault tests), run the Electron security gate, and end with the plain "N passed, M failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$1"; }
fail() { echo "npm test: $1 failed"; echo "0 passed, 1 failed"; exit 1; }

step build
npm run --silent build || fail build
npm run --silent build:renderer >/dev/null || fail build:renderer
npm run --silent build:electron || fail build:electron

step lint
npm run --silent lint || fail lint

step electronegativity
npm run --silent electronegativity || fail electronegativity

step tests
mkdir -p test-results
rm -f test-results/vitest.json test-results/powershell.log
scripts/with-keyring.sh npx vitest run --reporter=default --reporter=json --outputFile=test-results/vitest.json "$@"
status=$?

# The PowerShell scripts of the Windows bridge under PowerShell 7 + Pester (scripts/install-powershell.sh installs
# both in .tools/; without them this step fails and says how to install them).
step powershell
npm run --silent test:powershell 2>&1 | tee test-results/powershell.log
ps_status=${PIPESTATUS[0]}
ps_line=$(grep -aE '^[0-9]+ passed, [0-9]+ failed' test-results/powershell.log | tail -n 1)
[[ -n "$ps_line" ]] || ps_line="0 passed, 1 failed"

step summary
vitest_line=$(node scripts/summarize-vitest.mjs test-results/vitest.json)
summary=$?
echo "vitest: $vitest_line"
echo "pester: $ps_line"
# One closing line for CI: vitest's and Pester's counts added up.
node -e '
const parse = (line) => { const m = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/.exec(line) ?? [0, 0, 1, 0]; return m.slice(1).map((n) => Number(n ?? 0)); };
const [a, b] = [parse(process.argv[1]), parse(process.argv[2])];
const skipped = a[2] + b[2];
console.log(`${a[0] + b[0]} passed, ${a[1] + b[1]} failed${skipped ? `, ${skipped} skipped` : ""}`);
' "$vitest_line" "$ps_line"
if ((status != 0 || summary != 0 || ps_status != 0)); then exit 1; fi
