#!/usr/bin/env bash
# Runs every test the project has, the same way locally and in CI:
#   formatting, go vet, then go test -race over all packages with a real
#   open-source Unleash (scripts/unleash-server.sh) started for the run, so the
#   end-to-end tests run too and fail rather than skip if it is missing.
# Needs: Go, Node.js with npm, PostgreSQL (Debian's postgresql package), curl,
# tmux, and xclip + Xvfb for the real clipboard test.
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
echo "== staticcheck"
if command -v staticcheck >/dev/null; then
  staticcheck ./...
elif [ "${UNLEASH_TOKENS_REQUIRE_STATICCHECK:-}" = 1 ]; then
  echo "staticcheck is required here but not installed" >&2
  exit 1
else
  echo "not installed, skipped (go install honnef.co/go/tools/cmd/staticcheck@v0.8.2)"
fi

xvfb_pid=
cleanup() {
  scripts/unleash-server.sh stop
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

echo "== real Unleash server"
scripts/unleash-server.sh start

echo "== X display for the clipboard test"
if command -v Xvfb >/dev/null && command -v xclip >/dev/null; then
  display=:$((90 + RANDOM % 400))
  Xvfb "$display" -nolisten tcp -screen 0 640x480x24 >/dev/null 2>&1 &
  xvfb_pid=$!
  export DISPLAY=$display
  for _ in $(seq 50); do [ -S "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
  export UNLEASH_TOKENS_REQUIRE_CLIPBOARD=1
  echo "Xvfb on $DISPLAY"
else
  echo "no Xvfb or xclip: the real clipboard test will skip" >&2
fi
# shellcheck disable=SC1091
source .e2e-state/env
export UNLEASH_E2E_REQUIRED=1
export UNLEASH_TOKENS_REQUIRE_TMUX=1 # the real binary runs in tmux

echo "== go test -race"
go test -race -count=1 "$@" ./...
