#!/usr/bin/env bash
# Starts or stops real open-source Unleash servers for the end-to-end tests:
# npm unleash-server, each version with the Node its lockfile pins
# (testdata/unleash-server/VERSION/), on 127.0.0.1 on a free port, storing its
# data in a PostgreSQL cluster of the project's own (initdb from Debian's
# postgresql package, reached only by its unix socket, run as a plain user).
# The system's PostgreSQL is never used or changed.
#
#   scripts/unleash-server.sh start [CONFIG]  # fresh database, server, test credentials
#   scripts/unleash-server.sh stop [CONFIG]   # no CONFIG: every server, then the cluster
#   scripts/unleash-server.sh env [CONFIG]    # prints the credentials as shell exports
#   scripts/unleash-server.sh configs         # lists the configurations
#
# CONFIG is a line of testdata/unleash-server/configs (default: its first).
# Everything lives in $UNLEASH_E2E_STATE (default .e2e-state/ in this checkout),
# so several checkouts can run their servers at once. start writes
# STATE/CONFIG/env (mode 600) with UNLEASH_E2E_URL and the test credentials: an
# admin API token, an admin PAT, a viewer PAT, an editor PAT and a backend
# token, of a throwaway server on loopback. UNLEASH_PORT picks a fixed port.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${UNLEASH_E2E_STATE:-$ROOT/.e2e-state}
SERVERS=$ROOT/testdata/unleash-server
ADMIN_API_TOKEN='*:*.e2e-admin-secret'
ADMIN_PASSWORD=unleash4all
VIEWER_PASSWORD='Viewer-e2e-Pa55word!'
PG_PORT=5432   # only names the socket file: the cluster listens on no TCP port
PG_SUPERUSER=unleash
API_TOKENS_LIMIT=1000000 # Unleash 8 caps API tokens at 2,000 by default

# shellcheck source=prereqs.sh
source "$ROOT/scripts/prereqs.sh"

# Nothing of the caller's PostgreSQL settings (PGDATABASE, PGHOST …) reaches psql.
while read -r var; do
  case $var in PG*) unset "$var" ;; esac
done < <(compgen -e)

log() { printf 'unleash-server%s: %s\n' "${CONFIG:+ $CONFIG}" "$*" >&2; }
die() { log "$*"; exit 1; }

# read_config CONFIG: sets CONFIG, VERSION and EXTRA_ENV (an array).
read_config() {
  local name version extra
  while read -r name version extra; do
    case $name in '' | '#'*) continue ;; esac
    if [ -z "${1:-}" ] || [ "$1" = "$name" ]; then
      CONFIG=$name VERSION=$version
      read -r -a EXTRA_ENV <<<"$extra"
      return
    fi
  done <"$SERVERS/configs"
  die "no configuration $1 in testdata/unleash-server/configs (have: $(configs | tr '\n' ' '))"
}

configs() { awk '$1 !~ /^#/ && NF {print $1}' "$SERVERS/configs"; }

# --- PostgreSQL: a cluster of the project's own --------------------------------

# The cluster runs as a plain user: PostgreSQL refuses root.
if [ "$EUID" = 0 ]; then
  if id postgres >/dev/null 2>&1; then PG_OWNER=postgres; else PG_OWNER=nobody; fi
else
  PG_OWNER=$(id -un)
fi

as_pg_owner() { # runs a command as the cluster's owner, from a folder it can read
  if [ "$EUID" = 0 ]; then (cd / && runuser -u "$PG_OWNER" -- "$@"); else (cd / && "$@"); fi
}

# pg_datadir prints where the cluster lives: STATE/postgres, or the temporary
# folder recorded in STATE/postgres.path when the owner cannot reach STATE or
# the socket's path would be too long.
pg_datadir() {
  if [ -f "$STATE/postgres.path" ]; then cat "$STATE/postgres.path"; else echo "$STATE/postgres"; fi
}

psql_admin() {
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGDATA_DIR" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres "$@"
}

ensure_postgres() {
  PG_BIN=$(pg_bindir) || die "PostgreSQL's initdb and pg_ctl are missing: apt-get install -y postgresql"
  exec 9>"$STATE/postgres.lock"
  flock 9
  PGDATA_DIR=$(pg_datadir)
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    PGDATA_DIR=$STATE/postgres
    rm -f "$STATE/postgres.path"
    if [ ${#PGDATA_DIR} -gt 80 ] || ! as_pg_owner test -x "$STATE"; then
      PGDATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/unleash-tokens-pg.XXXXXX")
      echo "$PGDATA_DIR" >"$STATE/postgres.path"
      log "PostgreSQL's data in $PGDATA_DIR ($PG_OWNER cannot reach $STATE, or its socket path would be too long)"
    fi
    rm -rf "$PGDATA_DIR"
    mkdir -m 700 "$PGDATA_DIR"
    [ "$EUID" != 0 ] || chown "$PG_OWNER:" "$PGDATA_DIR"
    as_pg_owner "$PG_BIN/initdb" -D "$PGDATA_DIR" -U "$PG_SUPERUSER" --auth=trust -E UTF8 --locale=C \
      >"$STATE/postgres-initdb.log" 2>&1 || { cat "$STATE/postgres-initdb.log" >&2; die "initdb failed"; }
    # A throwaway cluster: no TCP, its socket in its own folder, no fsync.
    as_pg_owner tee -a "$PGDATA_DIR/postgresql.conf" >/dev/null <<CONF
listen_addresses = ''
unix_socket_directories = '$PGDATA_DIR'
port = $PG_PORT
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  fi
  if ! as_pg_owner "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
    as_pg_owner "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t 60 start >/dev/null ||
      { tail -20 "$PGDATA_DIR/server.log" >&2; die "PostgreSQL did not start"; }
    log "$("$PG_BIN/pg_ctl" --version) started, socket in $PGDATA_DIR"
  fi
  flock -u 9
}

stop_postgres() {
  PG_BIN=$(pg_bindir) || return 0
  PGDATA_DIR=$(pg_datadir)
  [ -f "$PGDATA_DIR/PG_VERSION" ] || return 0
  if as_pg_owner "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
    as_pg_owner "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null && log "stopped PostgreSQL"
  fi
  if [ -f "$STATE/postgres.path" ]; then # a temporary folder outside STATE: remove it
    rm -rf "$PGDATA_DIR" "$STATE/postgres.path"
  fi
}

database_of() { echo "unleash_${1//[^a-zA-Z0-9]/_}"; }

# --- the server ------------------------------------------------------------------

# install_server VERSION: npm ci of testdata/unleash-server/VERSION into
# STATE/npm/VERSION, unless the same lockfile is installed there already.
install_server() {
  local src=$SERVERS/$1 dst=$STATE/npm/$1
  [ -f "$src/package-lock.json" ] || die "no testdata/unleash-server/$1/package-lock.json"
  mkdir -p "$STATE/npm"
  exec 8>"$STATE/npm/$1.lock"
  flock 8
  if [ ! -f "$dst/.installed" ] || ! cmp -s "$src/package-lock.json" "$dst/package-lock.json"; then
    log "installing unleash-server $1 and its Node (npm ci of testdata/unleash-server/$1)"
    rm -rf "$dst"
    mkdir -p "$dst"
    cp "$src/package.json" "$src/package-lock.json" "$dst/"
    (cd "$dst" && npm ci --no-audit --no-fund --loglevel=error) >"$STATE/npm/$1.log" 2>&1 ||
      { tail -20 "$STATE/npm/$1.log" >&2; die "npm ci failed (log: $STATE/npm/$1.log)"; }
    [ -x "$dst/node_modules/node/bin/node" ] || die "npm ci brought no node/bin/node (log: $STATE/npm/$1.log)"
    touch "$dst/.installed"
  fi
  flock -u 8
}

json_field() { "$NODE" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s)[process.argv[1]];if(v===undefined)process.exit(1);console.log(v)})' "$1"; }

api() { # api METHOD PATH AUTH [BODY]
  curl -sS --fail-with-body -X "$1" -H "Authorization: $3" -H 'Content-Type: application/json' \
    ${4:+--data "$4"} "$URL$2"
}

login_pat() { # login_pat USER PASSWORD DESCRIPTION -> PAT secret
  local jar="$DIR/cookies" expires
  expires=$(date -u -d '+2 days' +%Y-%m-%dT%H:%M:%S.000Z)
  curl -sS --fail-with-body -c "$jar" -H 'Content-Type: application/json' \
    --data "{\"username\":\"$1\",\"password\":\"$2\"}" "$URL/auth/simple/login" >/dev/null
  curl -sS --fail-with-body -b "$jar" -H 'Content-Type: application/json' \
    --data "{\"description\":\"$3\",\"expiresAt\":\"$expires\"}" "$URL/api/admin/user/tokens" | json_field secret
  rm -f "$jar"
}

running_pid() { # prints the pid of CONFIG's server if it runs
  local pid
  [ -f "$DIR/unleash.pid" ] && pid=$(cat "$DIR/unleash.pid") && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start() {
  read_config "${1:-}"
  DIR=$STATE/$CONFIG
  mkdir -p "$STATE" "$DIR"
  chmod 711 "$STATE" # the cluster's owner passes through; only its own folder is open to it
  chmod 700 "$DIR"
  local pid
  if pid=$(running_pid); then die "already running (pid $pid); run: $0 stop $CONFIG"; fi
  rm -f "$DIR/env"
  local t0=$SECONDS
  install_server "$VERSION"
  NODE=$STATE/npm/$VERSION/node_modules/node/bin/node
  local t1=$SECONDS
  ensure_postgres
  local db
  db=$(database_of "$CONFIG")
  psql_admin -c "SET client_min_messages TO warning" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"

  : >"$DIR/unleash.log" # there before the loop below reads it, whenever the background shell opens it
  # A clean environment: nothing of the caller's (DATABASE_URL, NODE_OPTIONS …) reaches Unleash.
  (cd "$STATE/npm/$VERSION" && exec env -i PATH="${NODE%/node}:/usr/bin:/bin" HOME="$DIR" TZ=UTC \
    LOG_LEVEL=warn SEND_TELEMETRY=false CHECK_VERSION=false \
    UNLEASH_PORT="${UNLEASH_PORT:-0}" UNLEASH_E2E_PGHOST="$PGDATA_DIR" UNLEASH_E2E_PGPORT="$PG_PORT" \
    UNLEASH_E2E_PGUSER="$PG_SUPERUSER" UNLEASH_E2E_PGDATABASE="$db" \
    INIT_ADMIN_API_TOKENS="$ADMIN_API_TOKEN" UNLEASH_DEFAULT_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
    UNLEASH_API_TOKENS_LIMIT="$API_TOKENS_LIMIT" "${EXTRA_ENV[@]}" \
    "$NODE" "$SERVERS/server.mjs") >"$DIR/unleash.log" 2>&1 &
  echo $! >"$DIR/unleash.pid"
  local port= t2=$SECONDS deadline=$((SECONDS + ${UNLEASH_E2E_START_TIMEOUT:-600}))
  while [ "$SECONDS" -lt "$deadline" ]; do
    port=$(sed -n 's/^UNLEASH READY .*"port":\([0-9]*\).*/\1/p' "$DIR/unleash.log" || true)
    [ -n "$port" ] && break
    running_pid >/dev/null || { tail -20 "$DIR/unleash.log" >&2; die "the server exited during start (log: $DIR/unleash.log)"; }
    sleep 0.1
  done
  [ -n "$port" ] || { tail -20 "$DIR/unleash.log" >&2; die "not ready after $((SECONDS - t2)) s (log: $DIR/unleash.log)"; }
  URL="http://127.0.0.1:$port"
  curl -sf -o /dev/null "$URL/health" || die "ready on $URL but /health does not answer"
  local version
  version=$(api GET /api/admin/ui-config "$ADMIN_API_TOKEN" | json_field version)
  [ "$version" = "$VERSION" ] || die "the server says it is $version, not $VERSION"

  local admin_pat viewer_pat editor_pat client_token
  admin_pat=$(login_pat admin "$ADMIN_PASSWORD" "e2e admin")
  api POST /api/admin/user-admin "$admin_pat" \
    "{\"username\":\"viewer\",\"name\":\"E2E Viewer\",\"password\":\"$VIEWER_PASSWORD\",\"rootRole\":3,\"sendEmail\":false}" >/dev/null
  viewer_pat=$(login_pat viewer "$VIEWER_PASSWORD" "e2e viewer")
  api POST /api/admin/user-admin "$admin_pat" \
    "{\"username\":\"editor\",\"name\":\"E2E Editor\",\"password\":\"$VIEWER_PASSWORD\",\"rootRole\":2,\"sendEmail\":false}" >/dev/null
  editor_pat=$(login_pat editor "$VIEWER_PASSWORD" "e2e editor")
  # "client" is the backend type's name on every version (7.1.1 adds "backend").
  client_token=$(api POST /api/admin/api-tokens "$ADMIN_API_TOKEN" \
    '{"tokenName":"e2e-backend","type":"client","environment":"development","projects":["*"]}' | json_field secret)

  local secure_tokens=0 secure_pats=0 expiry_warning=0 kv
  for kv in "${EXTRA_ENV[@]}"; do
    case $kv in
      UNLEASH_EXPERIMENTAL_SECURE_TOKEN=true) secure_tokens=1 ;;
      UNLEASH_EXPERIMENTAL_SECURE_ACCOUNT_TOKEN=true) secure_pats=1 ;;
      UNLEASH_EXPERIMENTAL_TOKEN_EXPIRY_NOTIFICATIONS=true) expiry_warning=1 ;;
    esac
  done
  (
    umask 077
    cat >"$DIR/env" <<ENV
export UNLEASH_E2E_CONFIG='$CONFIG'
export UNLEASH_E2E_VERSION='$VERSION'
export UNLEASH_E2E_SECURE_TOKENS=$secure_tokens
export UNLEASH_E2E_SECURE_PATS=$secure_pats
export UNLEASH_E2E_EXPIRY_WARNING=$expiry_warning
export UNLEASH_E2E_URL='$URL'
export UNLEASH_E2E_ADMIN_API_TOKEN='$ADMIN_API_TOKEN'
export UNLEASH_E2E_ADMIN_PAT='$admin_pat'
export UNLEASH_E2E_VIEWER_PAT='$viewer_pat'
export UNLEASH_E2E_EDITOR_PAT='$editor_pat'
export UNLEASH_E2E_CLIENT_TOKEN='$client_token'
ENV
  )
  log "Unleash $version ready on $URL after $((SECONDS - t0)) s (install $((t1 - t0)) s, database $((t2 - t1)) s," \
    "server $((SECONDS - t2)) s, of which its start(), migrations included, $(sed -n 's/^UNLEASH READY .* in \([0-9]*\) ms$/\1/p' "$DIR/unleash.log") ms)"
  log "credentials: $0 env $CONFIG"
}

stop_server() {
  DIR=$STATE/$CONFIG
  local pid
  if pid=$(running_pid); then
    kill -TERM "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
    log "stopped Unleash (pid $pid)"
  fi
  rm -f "$DIR/unleash.pid" "$DIR/env"
}

stop() {
  if [ -n "${1:-}" ]; then
    read_config "$1"
    stop_server
    return
  fi
  local dir
  for dir in "$STATE"/*/unleash.pid; do
    [ -f "$dir" ] || continue
    CONFIG=$(basename "$(dirname "$dir")")
    stop_server
  done
  CONFIG=
  stop_postgres
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  env)
    read_config "${2:-}"
    cat "$STATE/$CONFIG/env" 2>/dev/null || die "not running; run: $0 start $CONFIG"
    ;;
  configs) configs ;;
  *) echo "usage: $0 start|stop|env [CONFIG], or $0 configs" >&2; exit 2 ;;
esac
