#!/usr/bin/env bash
# The server's own time for bulk deletes, to set beside the app's
# (go test ./bulk -run '^$' -bench E2EBulkDelete1000 -benchtime 1x):
# makes N expired API tokens on the real test server, then deletes them with
# one curl process, P requests at a time, and prints the wall time, curl's
# per-request times (time_total: request sent to answer read) and the
# server's own summed time for them (from its Prometheus metrics).
#
#   UNLEASH_API_TOKENS_LIMIT=5000 scripts/unleash-server.sh start
#   source .e2e-state/env
#   scripts/bench-delete-curl.sh 1000 8
#
# Only for the throwaway server of scripts/unleash-server.sh.
set -euo pipefail
N=${1:-1000}
P=${2:-8}
: "${UNLEASH_E2E_URL:?source .e2e-state/env first (scripts/unleash-server.sh start)}"
URL=$UNLEASH_E2E_URL
AUTH=$UNLEASH_E2E_ADMIN_PAT # the credential the Go benchmark uses
prefix="curl-bench-$(date +%s%N)-"
work=$(mktemp -d)
chmod 700 "$work"
trap 'rm -rf "$work"' EXIT

seq -w 1 "$N" | xargs -P 8 -I{} curl -sS --fail-with-body -o /dev/null -X POST \
  -H "Authorization: $AUTH" -H 'Content-Type: application/json' \
  --data "{\"tokenName\":\"$prefix{}\",\"type\":\"backend\",\"environment\":\"development\",\"projects\":[\"*\"],\"expiresAt\":\"2020-01-01T00:00:00.000Z\"}" \
  "$URL/api/admin/api-tokens"

curl -sS --fail-with-body -H "Authorization: $AUTH" "$URL/api/admin/api-tokens" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const t of JSON.parse(s).tokens)if(t.tokenName.startsWith(process.argv[1]))console.log(t.secret)})' "$prefix" \
  > "$work/refs"
made=$(wc -l < "$work/refs")
[ "$made" = "$N" ] || { echo "made $made tokens, want $N" >&2; exit 1; }

# The server's own summed time (ms) and count of answered deletes, from its metrics.
server_time() {
  curl -sS "$URL/internal-backstage/prometheus" |
    awk '/path="\/api\/admin\/api-tokens\/:token",method="DELETE",status="200"/ {
      if ($1 ~ /^http_request_duration_milliseconds_sum/) s = $NF
      if ($1 ~ /^http_request_duration_milliseconds_count/) c = $NF }
      END { printf "%s %s\n", s + 0, c + 0 }'
}
# One curl process for all the DELETEs, P at a time over kept-alive
# connections, as the app sends them; the secrets (which name the tokens in
# the path) and the credential stay in a file, off the command line.
{
  printf 'silent\nshow-error\nrequest = "DELETE"\nheader = "Authorization: %s"\n' "$AUTH"
  printf 'write-out = "%%{http_code} %%{time_total}\\n"\n'
  while read -r ref; do printf 'url = "%s/api/admin/api-tokens/%s"\noutput = "/dev/null"\n' "$URL" "$ref"; done < "$work/refs"
} > "$work/deletes.curl"
parallel=()
[ "$P" -gt 1 ] && parallel=(--parallel --parallel-immediate --parallel-max "$P")
read -r sum0 count0 < <(server_time)
start=$(date +%s%N)
curl --no-progress-meter "${parallel[@]}" --config "$work/deletes.curl" > "$work/times"
end=$(date +%s%N)
read -r sum1 count1 < <(server_time)

node -e '
  const [n, p, wall, sum0, count0, sum1, count1] = process.argv.slice(1).map(Number);
  const rows = require("fs").readFileSync(0, "utf8").trim().split("\n").map(l => l.split(" "));
  const bad = rows.filter(r => r[0] !== "200").length;
  const ms = rows.map(r => Number(r[1]) * 1000).sort((a, b) => a - b);
  const sum = ms.reduce((a, b) => a + b, 0);
  console.log(`${n} DELETEs by curl, ${p} at a time: wall ${wall} ms; per request (curl time_total) ` +
    `sum ${sum.toFixed(0)} ms, mean ${(sum / ms.length).toFixed(2)} ms, median ${ms[Math.floor(ms.length / 2)].toFixed(2)} ms, ` +
    `p99 ${ms[Math.floor(ms.length * 0.99)].toFixed(2)} ms; ${bad} not 200; ` +
    `time on the server for them (its metrics): ${(sum1 - sum0).toFixed(0)} ms summed over ${count1 - count0} deletes`);
' "$N" "$P" "$(( (end - start) / 1000000 ))" "$sum0" "$count0" "$sum1" "$count1" < "$work/times"
