#!/usr/bin/env bash
# Proves that scripts/test.sh stops before starting anything, naming the one
# command that fixes it, when a program it needs is missing: for each program
# it runs scripts/test.sh with a PATH that has everything of this machine's
# PATH but that program (PostgreSQL, which Debian keeps off PATH, is hidden
# with UNLEASH_TOKENS_PG_BINDIR too), and checks the exit code, the message,
# and that no other step ran. Prints one line per case with its wall time.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One folder of links to every program on PATH (the first of each name wins).
mkdir "$work/base"
IFS=: read -r -a path_dirs <<<"$PATH"
for dir in "${path_dirs[@]}"; do
  [ -d "$dir" ] || continue
  ln -s "$dir"/* "$work/base/" 2>/dev/null || true # names already linked stay as they are
done

failures=0
# check_case NAME FIX_LINES EXPECTED_LINE PROGRAMS_TO_HIDE…
check_case() {
  local name=$1 want_fixes=$2 expect=$3 out rc start elapsed pgbin=
  shift 3
  mkdir "$work/hidden"
  for prog in "$@"; do
    if [ -e "$work/base/$prog" ] || [ -L "$work/base/$prog" ]; then mv "$work/base/$prog" "$work/hidden/"; fi
    if [ "$prog" = initdb ]; then pgbin=$work/no-postgresql; fi
  done
  start=$EPOCHREALTIME
  set +e
  out=$(PATH=$work/base UNLEASH_TOKENS_PG_BINDIR=$pgbin UNLEASH_E2E_STATE=$work/state \
    "$BASH" scripts/test.sh 2>&1 </dev/null)
  rc=$?
  set -e
  mv "$work/hidden"/* "$work/base/" 2>/dev/null || true
  rmdir "$work/hidden"
  elapsed=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.2f", b - a}')
  local fixes
  fixes=$(grep -c '^  fix: ' <<<"$out" || true)
  if [ "$rc" = 1 ] && grep -qF -- "$expect" <<<"$out" && [ "$fixes" = "$want_fixes" ] && ! grep -q '^== gofmt' <<<"$out" &&
    [ ! -e "$work/state" ]; then
    printf '  ok    %-9s %5ss  %s\n' "$name" "$elapsed" "$(grep -F -- "$expect" <<<"$out")"
    last_output=$out
  else
    printf '  FAIL  %-9s rc=%s, %s fix lines (want %s), want the line %q and nothing started; output:\n%s\n' "$name" "$rc" "$fixes" "$want_fixes" "$expect" "$out"
    failures=$((failures + 1))
  fi
}

sudo='' && [ "$EUID" = 0 ] || sudo='sudo '
echo "scripts/test.sh with one program hidden from PATH each time:"
check_case node 1 "  fix: ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends nodejs" node nodejs
check_case npm 1 "  fix: ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends npm" npm npx
check_case curl 1 "  fix: ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends curl" curl
check_case tmux 1 "  fix: ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends tmux" tmux
check_case xclip 1 "  fix: ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends xclip" xclip
check_case Xvfb 1 "  fix: ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends xvfb" Xvfb
check_case postgres 1 "  fix: ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends postgresql" initdb pg_ctl psql
check_case dbus 1 "  fix: ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends dbus-x11" dbus-run-session
check_case keyring 1 "  fix: ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends gnome-keyring" gnome-keyring-daemon
check_case gcc 1 "  fix: ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends gcc" cc gcc
if [ -x /usr/local/go/bin/go ]; then
  check_case go 1 '  fix: export PATH=$PATH:/usr/local/go/bin' go gofmt
fi
check_case all 9 "all at once: ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends gcc curl tmux xclip xvfb postgresql npm dbus-x11 gnome-keyring" \
  node nodejs npm npx curl tmux xclip Xvfb initdb pg_ctl psql cc gcc dbus-run-session gnome-keyring-daemon
readme_line='apt-get update && apt-get install -y --no-install-recommends gcc curl tmux xclip xvfb postgresql npm dbus-x11 gnome-keyring'
if grep -qF -- "all at once: ${sudo}${readme_line//apt-get install/${sudo}apt-get install}" <<<"$last_output" && grep -qF -- "\`$readme_line\`" README.md; then
  echo "  ok    the README's install line is the script's"
else
  echo "  FAIL  the README does not give the script's install line: $readme_line"
  failures=$((failures + 1))
fi
echo "scripts/test.sh's whole answer when all of them are missing:"
sed 's/^/  | /' <<<"$last_output"

if [ "$failures" != 0 ]; then
  echo "$failures prerequisite cases failed" >&2
  exit 1
fi
