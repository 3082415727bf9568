#!/usr/bin/env bash
# Starts or stops a real open-source Unleash (npm unleash-server, see
# testdata/unleash-server/package.json) on PostgreSQL from Debian's packages, on 127.0.0.1
# only, for the end-to-end tests.
#
#   scripts/unleash-server.sh start   # fresh database, server, test credentials
#   scripts/unleash-server.sh stop    # stops what start started, by pid
#   scripts/unleash-server.sh env     # prints the credentials as shell exports
#
# start writes $STATE/env (mode 600) with UNLEASH_E2E_URL and the test
# credentials: an admin API token, an admin PAT, a viewer PAT, an editor PAT and a backend
# token. They belong to a throwaway server on loopback.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${UNLEASH_E2E_STATE:-$ROOT/.e2e-state}
PORT=${UNLEASH_PORT:-4242}
DB=${PGDATABASE:-unleash_tokens_e2e}
URL="http://127.0.0.1:$PORT"
ADMIN_API_TOKEN='*:*.e2e-admin-secret'
ADMIN_PASSWORD=unleash4all
VIEWER_PASSWORD='Viewer-e2e-Pa55word!'

log() { printf 'unleash-server: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

pg_cluster() {
  command -v pg_lsclusters >/dev/null || die "PostgreSQL is not installed: apt-get install -y postgresql"
  pg_lsclusters -h | awk 'NR==1 {print $1, $2, $4}'
}

start_postgres() {
  read -r ver name status < <(pg_cluster) || die "no PostgreSQL cluster found (pg_lsclusters is empty)"
  if [ "$status" != online ]; then
    log "starting PostgreSQL $ver/$name"
    pg_ctlcluster "$ver" "$name" start
    echo "$ver $name" > "$STATE/postgres-started"
  fi
  as_postgres psql -d postgres -q -v ON_ERROR_STOP=1 <<SQL >/dev/null
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'unleash_user') THEN
    CREATE ROLE unleash_user LOGIN PASSWORD 'unleash_pw';
  END IF;
END \$\$;
DROP DATABASE IF EXISTS $DB WITH (FORCE);
CREATE DATABASE $DB OWNER unleash_user;
SQL
}

install_server() {
  if [ ! -d "$ROOT/testdata/unleash-server/node_modules/unleash-server" ]; then
    log "installing unleash-server from testdata/unleash-server/package-lock.json"
    (cd "$ROOT/testdata/unleash-server" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

json_field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s)[process.argv[1]];if(v===undefined)process.exit(1);console.log(v)})' "$1"; }

api() { # api METHOD PATH AUTH [BODY]
  curl -sS --fail-with-body -X "$1" -H "Authorization: $3" -H 'Content-Type: application/json' \
    ${4:+--data "$4"} "$URL$2"
}

login_pat() { # login_pat USER PASSWORD DESCRIPTION -> PAT secret
  local jar="$STATE/cookies" expires
  expires=$(date -u -d '+2 days' +%Y-%m-%dT%H:%M:%S.000Z)
  curl -sS --fail-with-body -c "$jar" -H 'Content-Type: application/json' \
    --data "{\"username\":\"$1\",\"password\":\"$2\"}" "$URL/auth/simple/login" >/dev/null
  curl -sS --fail-with-body -b "$jar" -H 'Content-Type: application/json' \
    --data "{\"description\":\"$3\",\"expiresAt\":\"$expires\"}" "$URL/api/admin/user/tokens" | json_field secret
  rm -f "$jar"
}

start() {
  mkdir -p "$STATE"
  chmod 700 "$STATE"
  if [ -f "$STATE/unleash.pid" ] && kill -0 "$(cat "$STATE/unleash.pid")" 2>/dev/null; then
    die "already running (pid $(cat "$STATE/unleash.pid")); run: $0 stop"
  fi
  if curl -s -o /dev/null "$URL/health"; then
    die "something already answers on $URL; set UNLEASH_PORT to another port"
  fi
  install_server
  start_postgres
  local t0=$SECONDS
  (cd "$ROOT/testdata/unleash-server" && TZ=UTC LOG_LEVEL=warn SEND_TELEMETRY=false CHECK_VERSION=false \
    UNLEASH_PORT="$PORT" PGDATABASE="$DB" INIT_ADMIN_API_TOKENS="$ADMIN_API_TOKEN" \
    UNLEASH_DEFAULT_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
    exec node server.mjs) > "$STATE/unleash.log" 2>&1 &
  echo $! > "$STATE/unleash.pid"
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "$URL/health" && break
    kill -0 "$(cat "$STATE/unleash.pid")" 2>/dev/null || { tail -20 "$STATE/unleash.log" >&2; die "the server exited during start"; }
    sleep 0.1
  done
  curl -sf -o /dev/null "$URL/health" || { tail -20 "$STATE/unleash.log" >&2; die "not healthy after 60 s"; }
  log "Unleash $(api GET /api/admin/ui-config "$ADMIN_API_TOKEN" | json_field version) healthy on $URL after $((SECONDS - t0)) s"

  local admin_pat viewer_pat editor_pat client_token
  admin_pat=$(login_pat admin "$ADMIN_PASSWORD" "e2e admin")
  api POST /api/admin/user-admin "$admin_pat" \
    "{\"username\":\"viewer\",\"name\":\"E2E Viewer\",\"password\":\"$VIEWER_PASSWORD\",\"rootRole\":3,\"sendEmail\":false}" >/dev/null
  viewer_pat=$(login_pat viewer "$VIEWER_PASSWORD" "e2e viewer")
  api POST /api/admin/user-admin "$admin_pat" \
    "{\"username\":\"editor\",\"name\":\"E2E Editor\",\"password\":\"$VIEWER_PASSWORD\",\"rootRole\":2,\"sendEmail\":false}" >/dev/null
  editor_pat=$(login_pat editor "$VIEWER_PASSWORD" "e2e editor")
  client_token=$(api POST /api/admin/api-tokens "$ADMIN_API_TOKEN" \
    '{"tokenName":"e2e-backend","type":"backend","environment":"development","projects":["*"]}' | json_field secret)

  umask 077
  cat > "$STATE/env" <<ENV
export UNLEASH_E2E_URL='$URL'
export UNLEASH_E2E_ADMIN_API_TOKEN='$ADMIN_API_TOKEN'
export UNLEASH_E2E_ADMIN_PAT='$admin_pat'
export UNLEASH_E2E_VIEWER_PAT='$viewer_pat'
export UNLEASH_E2E_EDITOR_PAT='$editor_pat'
export UNLEASH_E2E_CLIENT_TOKEN='$client_token'
ENV
  log "ready; credentials in $STATE/env"
}

stop() {
  if [ -f "$STATE/unleash.pid" ]; then
    local pid
    pid=$(cat "$STATE/unleash.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
      log "stopped Unleash (pid $pid)"
    fi
    rm -f "$STATE/unleash.pid"
  fi
  if [ -f "$STATE/postgres-started" ]; then
    read -r ver name < "$STATE/postgres-started"
    pg_ctlcluster "$ver" "$name" stop && log "stopped PostgreSQL $ver/$name"
    rm -f "$STATE/postgres-started"
  fi
  rm -f "$STATE/env"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) cat "$STATE/env" ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
