#!/usr/bin/env bash
# Checks, before anything starts and without starting any of them, every program
# scripts/test.sh needs, and prints for each one missing the one command that
# installs it (then all of them in one line). Exit 0: all there; 1: something
# is missing.
#
# Sourced (by scripts/unleash-server.sh) it only defines pg_bindir.
#
# What the test run gets by itself: the Unleash servers and the Node that runs
# each of them come from the npm registry (testdata/unleash-server/*/package-lock.json),
# so only npm is needed here, to run `npm ci`; Debian's npm is enough.

# pg_bindir prints the folder holding initdb, pg_ctl and psql: the newest
# /usr/lib/postgresql/*/bin (Debian keeps them off PATH), else initdb's folder
# on PATH. UNLEASH_TOKENS_PG_BINDIR overrides both.
pg_bindir() {
  local dir best=
  has_pg() { [ -x "$1/initdb" ] && [ -x "$1/pg_ctl" ] && [ -x "$1/psql" ]; }
  if [ -n "${UNLEASH_TOKENS_PG_BINDIR:-}" ]; then
    has_pg "$UNLEASH_TOKENS_PG_BINDIR" && echo "$UNLEASH_TOKENS_PG_BINDIR"
    return
  fi
  for dir in /usr/lib/postgresql/*/bin; do
    has_pg "$dir" || continue
    if [ -z "$best" ] || [ "${dir//[^0-9]/}" -gt "${best//[^0-9]/}" ]; then best=$dir; fi
  done
  if [ -z "$best" ] && dir=$(command -v initdb) && has_pg "${dir%/initdb}"; then best=${dir%/initdb}; fi
  [ -n "$best" ] && echo "$best"
}

# check_prereqs prints what is missing and how to get it; returns 1 if anything is.
check_prereqs() {
  local sudo='' missing=0 packages=()
  [ "$EUID" = 0 ] || sudo='sudo '
  need() { # need WHAT WHY FIX [DEBIAN_PACKAGE]
    printf 'missing: %s (%s)\n  fix: %s\n' "$1" "$2" "$3" >&2
    missing=1
    if [ -n "${4:-}" ]; then packages+=("$4"); fi
  }
  # apt-get update first: a fresh image has empty package lists; no
  # recommended packages: they are not needed, and many.
  need_pkg() { need "$1" "$2" "${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends $3" "$3"; }

  if ! command -v go >/dev/null || ! command -v gofmt >/dev/null; then
    if [ -x /usr/local/go/bin/go ]; then
      need go "builds and runs the tests" 'export PATH=$PATH:/usr/local/go/bin'
    else
      need go "builds and runs the tests" "install Go 1.26 or later: https://go.dev/doc/install"
    fi
  fi
  command -v cc >/dev/null || command -v gcc >/dev/null || need_pkg "a C compiler" "go test -race needs cgo" gcc
  command -v curl >/dev/null || need_pkg curl "talks to the Unleash servers while setting them up" curl
  command -v tmux >/dev/null || need_pkg tmux "runs the real binary in a terminal for the end-to-end tests" tmux
  command -v xclip >/dev/null || need_pkg xclip "the clipboard test reads the copied secret back" xclip
  command -v Xvfb >/dev/null || need_pkg Xvfb "gives the clipboard test an X display" xvfb
  pg_bindir >/dev/null || need_pkg "PostgreSQL (initdb, pg_ctl, psql)" "the Unleash servers store their data in a cluster of the project's own" postgresql
  if ! command -v npm >/dev/null; then
    need_pkg npm "installs each Unleash server and the Node that runs it from the npm registry" npm
  elif ! command -v node >/dev/null; then # npm is a node script; starting it would cost a second
    need_pkg "node, which runs npm" "npm is installed but no node is on PATH" nodejs
  fi
  command -v dbus-run-session >/dev/null || need_pkg dbus-run-session "gives the OS keyring test a session bus of its own" dbus-x11
  command -v gnome-keyring-daemon >/dev/null || need_pkg gnome-keyring-daemon "the OS keyring (Secret Service) that login stores a token in" gnome-keyring
  command -v flock >/dev/null || need_pkg flock "one PostgreSQL set-up at a time" util-linux
  if [ "$EUID" = 0 ] && ! command -v runuser >/dev/null; then
    need_pkg runuser "PostgreSQL refuses to run as root: it runs as a plain user" util-linux
  fi

  if [ "${#packages[@]}" -gt 1 ]; then
    local -A seen=()
    local p all=''
    for p in "${packages[@]}"; do
      [ -n "${seen[$p]:-}" ] || all+=" $p"
      seen[$p]=1
    done
    printf 'all at once: %sapt-get update && %sapt-get install -y --no-install-recommends%s\n' "$sudo" "$sudo" "$all" >&2
  fi
  return "$missing"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  check_prereqs
fi
