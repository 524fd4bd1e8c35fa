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
rm -f test-results/vitest.json
scripts/with-keyring.sh npx vitest run --reporter=default --reporter=json --outputFile=test-results/vitest.json "$@"
status=$?
node scripts/summarize-vitest.mjs test-results/vitest.json
summary=$?
if ((status != 0 || summary != 0)); then exit 1; fi
