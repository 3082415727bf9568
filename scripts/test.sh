#!/usr/bin/env bash
# Runs every test the project has, the same way locally and in CI:
#   formatting, go vet, then go test -race over all packages with a real
#   open-source Unleash (scripts/unleash-server.sh) started for the run, so the
#   end-to-end tests run too and fail rather than skip if it is missing.
# Needs: Go, Node.js with npm, PostgreSQL (Debian's postgresql package), curl, tmux.
# Pass extra `go test` flags after the script name, e.g. scripts/test.sh -run E2E.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== gofmt"
unformatted=$(gofmt -l . | grep -v '^testdata/unleash-server/node_modules/' || true)
if [ -n "$unformatted" ]; then
  printf 'not gofmt-formatted:\n%s\n' "$unformatted" >&2
  exit 1
fi
echo "== go vet"
go vet ./...

echo "== real Unleash server"
scripts/unleash-server.sh start
trap 'scripts/unleash-server.sh stop' EXIT
# shellcheck disable=SC1091
source .e2e-state/env
export UNLEASH_E2E_REQUIRED=1
export UNLEASH_TOKENS_REQUIRE_TMUX=1 # the real binary runs in tmux

echo "== go test -race"
go test -race -count=1 "$@" ./...
