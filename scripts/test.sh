#!/usr/bin/env bash
# Runs every test the project has, the same way locally and in CI:
#   the prerequisites (each missing program named with the command that
#   installs it, before anything starts, and a proof that this check works),
#   formatting, go vet, staticcheck, then go test -race over all packages with
#   real open-source Unleash servers (scripts/unleash-server.sh) started for the
#   run, so the end-to-end tests run too and fail rather than skip if one is
#   missing. The servers and the Node that runs each come from the npm registry.
#   Last, login's OS keyring test against gnome-keyring on a private bus.
# Needs: Go, gcc, npm (Debian's is enough), PostgreSQL (Debian's postgresql
# package; the system's cluster is not used), curl, tmux, xclip, Xvfb,
# dbus-run-session (dbus-x11) and gnome-keyring.
#
# The servers are every line of testdata/unleash-server/configs (each supported
# Unleash major, and 8.2.0 with secure tokens), started side by side on free
# ports; the first gets the whole suite, then the others the end-to-end tests
# (TestE2E*), side by side. UNLEASH_E2E_CONFIGS="8.2.0" (a list) runs fewer.
# Pass extra `go test` flags after the script name, e.g. scripts/test.sh -run E2E.
# UNLEASH_TOKENS_SOAK=10m adds serve-metrics' soak (metrics.TestSoakServeMetrics)
# as its own step at the end, for that long; without it the soak does not run.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS

echo "== prerequisites"
scripts/prereqs.sh || { echo "install what is missing (above), then run $0 again" >&2; exit 1; }
scripts/prereqs_test.sh

soak=${UNLEASH_TOKENS_SOAK:-}
unset UNLEASH_TOKENS_SOAK # the soak runs once, as its own step at the end, not inside go test ./...

configs=${UNLEASH_E2E_CONFIGS:-all}
if [ "$configs" = all ]; then configs=$(scripts/unleash-server.sh configs | tr '\n' ' '); fi
read -r -a configs <<<"$configs"
state=${UNLEASH_E2E_STATE:-$PWD/.e2e-state}
mkdir -p "$state"

xvfb_pid=
server_pids=()
cleanup() {
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
  for pid in "${server_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  scripts/unleash-server.sh stop
}
trap cleanup EXIT

# The servers install and start in the background while the static checks run.
for config in "${configs[@]}"; do
  scripts/unleash-server.sh start "$config" >"$state/start-$config.log" 2>&1 &
  server_pids+=($!)
done

echo "== gofmt"
unformatted=$(find . -name '*.go' -not -path './.e2e-state/*' -not -path '*/node_modules/*' -print0 | xargs -0 gofmt -l)
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
  echo "staticcheck is required here but not installed: go install honnef.co/go/tools/cmd/staticcheck@v0.8.2" >&2
  exit 1
else
  echo "not installed, skipped (go install honnef.co/go/tools/cmd/staticcheck@v0.8.2)"
fi

echo "== real Unleash servers: ${configs[*]}"
failed=0
for i in "${!configs[@]}"; do
  if ! wait "${server_pids[$i]}"; then failed=1; fi
  cat "$state/start-${configs[$i]}.log"
done
server_pids=()
[ "$failed" = 0 ] || { echo "a server did not start (above)" >&2; exit 1; }

echo "== X display for the clipboard test"
exec 3< <(Xvfb -displayfd 1 -nolisten tcp -screen 0 640x480x24 2>/dev/null)
xvfb_pid=$!
read -r -t 10 display <&3 || { echo "Xvfb did not start" >&2; exit 1; }
export DISPLAY=:$display
export UNLEASH_TOKENS_REQUIRE_CLIPBOARD=1
echo "Xvfb on $DISPLAY"

export UNLEASH_E2E_REQUIRED=1
export UNLEASH_TOKENS_REQUIRE_TMUX=1 # the real binary runs in tmux
e2e_env() { eval "$(scripts/unleash-server.sh env "$1")"; }

echo "== go test -race ./... (Unleash ${configs[0]})"
(e2e_env "${configs[0]}" && go test -race -count=1 "$@" ./...)

# The other servers' end-to-end tests run side by side (measured: 38 s for
# four, against 111 s one after another); each one's output follows in order.
test_pids=()
for config in "${configs[@]:1}"; do
  (e2e_env "$config" && go test -race -count=1 -run '^TestE2E' "$@" ./api ./cli ./ui) >"$state/test-$config.log" 2>&1 &
  test_pids+=($!)
done
failed=()
for i in "${!test_pids[@]}"; do
  config=${configs[$((i + 1))]}
  if ! wait "${test_pids[$i]}"; then failed+=("$config"); fi
  echo "== go test -race -run '^TestE2E' (Unleash $config)"
  cat "$state/test-$config.log"
done
if [ "${#failed[@]}" != 0 ]; then
  echo "end-to-end tests failed on Unleash ${failed[*]}" >&2
  exit 1
fi
# Peak memory at 100,000 tokens, the built binary (cli/memory_linux_test.go):
# without -race, which would slow the in-memory server the test runs.
echo "== peak memory at 100,000 API tokens (go test without -race)"
go test -count=1 -run '^TestPeakMemory' -v "$@" ./cli | grep -E '^(---|ok|FAIL|PASS)|peak RSS|memory_linux_test'

# Both themes at every size (ui/themes_layout_test.go): every golden screen
# drawn again in the dark and the light theme, held to its NO_COLOR golden and
# to 4.5:1 for each colour pair drawn; without -race, under which
# TestGoldenViews already runs the same screens.
echo "== both themes at every size (go test without -race)"
go test -count=1 -run '^(TestThemesKeepTheLayout|TestDrawnContrastMeasures)$' "$@" ./ui

# The OS keyring for real: gnome-keyring's Secret Service on a private session
# bus, unlocked with a throwaway password, for the length of this one test
# (elsewhere TestLoginKeyring skips, and the file fallback is what is tested).
echo "== login through the OS keyring (gnome-keyring under dbus-run-session)"
UNLEASH_TOKENS_REQUIRE_KEYRING=1 dbus-run-session -- sh -c 'echo -n throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null; go test -race -count=1 -run TestLoginKeyring ./cli' 2>&1 |
  grep -v 'Failed to set fd limit' # dbus says so as root; harmless

if [ -n "$soak" ]; then
  echo "== soak: serve-metrics audits every 1s and is scraped every 1s for $soak (UNLEASH_TOKENS_SOAK)"
  UNLEASH_TOKENS_SOAK=$soak go test -run '^TestSoakServeMetrics$' -count=1 -timeout 0 -v ./metrics
fi
echo "== all passed in $((SECONDS - t0)) s"
