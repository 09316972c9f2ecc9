#!/usr/bin/env bash
# Benchmarks the packaged importer (--once) against the built-in simulator on 127.0.0.1.
#
#   bench/run.sh                 all scenarios below but the 1,000,000-row one
#   bench/run.sh NAME...         some of: postman concurrent fast fast-jvm-defaults memory-1k memory-1m roster
#   bench/run.sh pacing          the pacing matrix: one import against each shape of Atlassian's burst limit
#                                (pacing-20-5, pacing-drop, ... run one shape)
#
# The importer runs with the JVM options deploy/atlassian-user-importer.service uses (JVM_OPTIONS
# overrides them); fast-jvm-defaults runs the fast scenario with none, for comparison.
#
# Each scenario prints: rows, seconds, rows/s, share of the simulator's rate limit reached,
# 429s received, retries, rows lost, the importer's peak resident memory, and the largest heap
# still live after a garbage collection.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=target/atlassian-user-importer.jar
deployed_jvm=${JVM_OPTIONS-$(sed -n 's|^ExecStart=/usr/bin/java \(.*\) -jar .*|\1|p' deploy/atlassian-user-importer.service)}
[ -f "$jar" ] || mvn -B -q package -DskipTests

scenario() { # name rows latency-ms rate-limit concurrency [jvm options]; SIMULATOR_OPTIONS adds to the simulator's
  local name=$1 rows=$2 latency=$3 limit=$4 concurrency=$5 jvm=${6-$deployed_jvm}
  local work; work=$(mktemp -d)
  mkdir -p "$work/inbox" "$work/outbox"
  awk -v n="$rows" 'BEGIN { print "emailAddress,products"; for (i = 1; i <= n; i++) printf "bench.user%d@bancly.com,jira-software\n", i }' \
    > "$work/inbox/bench.csv"

  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # The stand-in for Atlassian takes as little of the shared CPU as it can: the quick JIT only, one GC thread
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$jar" io.github.userimporter.simulator.AtlassianSimulator --port "$port" \
    --latency-ms "$latency" --rate-limit "$limit" --token bench-token ${SIMULATOR_OPTIONS:-} > "$work/simulator.log" 2>&1 &
  local simulator=$!
  for _ in $(seq 1 50); do grep -q listening "$work/simulator.log" && break; sleep 0.1; done

  local status=0
  # shellcheck disable=SC2086
  ATLASSIAN_SITE_URL="http://127.0.0.1:$port" ATLASSIAN_EMAIL=admin@example.com ATLASSIAN_API_TOKEN=bench-token \
  IMPORTER_INBOX="$work/inbox" IMPORTER_OUTBOX="$work/outbox" IMPORTER_STATE="$work/state" IMPORTER_SETTLE_TIME=0 \
  IMPORTER_MANAGEMENT_PORT=0 \
  IMPORTER_CONCURRENCY="$concurrency" \
    /usr/bin/time -f "%M" -o "$work/peak-kb" java -Xlog:gc:file="$work/gc.log" $jvm -jar "$jar" --once \
    > "$work/importer.log" 2>&1 || status=$?
  kill "$simulator"; wait "$simulator" 2>/dev/null || true

  python3 - "$name" "$work" "$rows" "$limit" "$status" "${SIMULATOR_OPTIONS:-}" <<'PY'
import json, glob, re, sys
name, work, rows, limit, status, options = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
summary = json.load(open(glob.glob(work + "/outbox/*.summary.json")[0]))
seconds = summary["durationMillis"] / 1000
rate = summary["rows"] / seconds
# A limit that changes mid-import (--rate-change S:RATE,...) is averaged over the import's seconds
changes = [tuple(map(float, c.split(":"))) for c in re.findall(r"--rate-change (\S+)", options)[0].split(",")] \
    if "--rate-change" in options else []
limits = [next((r for at, r in reversed(changes) if s >= at), limit) for s in range(max(1, int(seconds)))]
average_limit = sum(limits) / len(limits)
share = f"{100 * rate / average_limit:.0f}%" if limit else "-"
peak = int(open(work + "/peak-kb").read().split()[-1]) // 1024
# The heap that stays live after each collection: what the importer holds, not what the collector has not yet freed
live = [int(m) for m in re.findall(r"->(\d+)M\(", open(work + "/gc.log").read())]
live_peak = max(live) if live else "-"
lost = rows - summary["succeeded"]
requests = summary["rows"] + summary["retries"]
print(f"{name:17} rows={summary['rows']:>8} seconds={seconds:8.1f} rows/s={rate:8.1f} of-limit={share:>5} "
      f"429s={summary['rateLimited']:>5} ({100 * summary['rateLimited'] / requests:.1f}% of requests) "
      f"retries={summary['retries']:>5} lost={lost} peak-RSS-MiB={peak} peak-live-heap-MiB={live_peak} exit={status}")
accepted = re.findall(r"accepted per second: \[(.*)\]", open(work + "/simulator.log").read())
if changes and accepted:
    print(f"{'':17} accepted per second: {accepted[0]}")
PY
  [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}

roster() { # people managed-groups: a nightly roster of that many people with 50 changes (20 moves, 15 joins, 15 removals)
  local people=$1 groups=$2 limits="GET /rest/api/3/group/member=20/20,POST /rest/api/3/user=20/20,POST /rest/api/3/group/user=20/20,DELETE /rest/api/3/group/user=20/20"
  local work; work=$(mktemp -d)
  mkdir -p "$work/inbox" "$work/outbox"
  # The site has people + 15 members; the roster lists people (the first 20 in another group) and 15 new hires
  awk -v n="$people" -v g="$groups" 'BEGIN { k = split(g, group, ","); print "emailAddress,products,groups"
    for (i = 1; i <= n; i++) printf "bench.user%d@bancly.com,jira-software,%s\n", i, group[(i - 1 + (i <= 20)) % k + 1]
    for (i = 1; i <= 15; i++) printf "new.hire%d@bancly.com,jira-software,%s\n", i, group[i % k + 1] }' \
    > "$work/inbox/nightly.roster.csv"
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$jar" io.github.userimporter.simulator.AtlassianSimulator --port "$port" \
    --latency-ms 100 --rate-limit 20 --burst-depth 20 --token bench-token --members $((people + 15)) --member-groups "$groups" \
    --endpoint-limits "$limits" > "$work/simulator.log" 2>&1 &
  local simulator=$!
  for _ in $(seq 1 100); do grep -q listening "$work/simulator.log" && break; sleep 0.1; done
  local status=0
  ATLASSIAN_SITE_URL="http://127.0.0.1:$port" ATLASSIAN_EMAIL=admin@example.com ATLASSIAN_API_TOKEN=bench-token \
  IMPORTER_INBOX="$work/inbox" IMPORTER_OUTBOX="$work/outbox" IMPORTER_STATE="$work/state" IMPORTER_SETTLE_TIME=0 \
  IMPORTER_MANAGEMENT_PORT=0 IMPORTER_MANAGED_GROUPS="${groups//,/;}" IMPORTER_MAX_LEAVERS=20 \
    java $deployed_jvm -jar "$jar" --once > "$work/importer.log" 2>&1 || status=$?
  kill "$simulator"; wait "$simulator" 2>/dev/null || true
  python3 - "$work" "$status" <<'PY'
import json, glob, re, sys
from datetime import datetime
work, status = sys.argv[1], sys.argv[2]
summary = json.load(open(glob.glob(work + "/outbox/*.summary.json")[0]))
log = open(work + "/importer.log").read()
at = lambda pattern: datetime.strptime(re.search(r"^(\S+ \S+) .*" + pattern, log, re.M).group(1), "%Y-%m-%d %H:%M:%S.%f")
reading = (at("Roster .*: plan") - at("Importing ")).total_seconds()
total = summary["durationMillis"] / 1000
requests = eval(re.findall(r"requests by endpoint: (\{.*\})", open(work + "/simulator.log").read())[0]
                .replace("=", "': ").replace("{", "{'").replace(", ", ", '"))
pages = requests.get("GET /rest/api/3/group/member", 0)
changes = sum(v for k, v in requests.items() if k.split()[0] in ("POST", "DELETE"))
print(f"roster           rows={summary['rows']:>6} plan={summary['plan']} reading-members-s={reading:.1f} "
      f"changes-s={total - reading:.1f} member-pages={pages} change-requests={changes} "
      f"429s={summary['rateLimited']} failed={summary['failed']} exit={status}")
print(f"{'':17}requests by endpoint: {requests}")
PY
  [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}

run() {
  case $1 in
    # A nightly roster of 5,000 people over three managed groups, 50 of them changed
    roster)     roster 5000 engineering,sales,support ;;
    postman)    scenario postman 200 100 0 1 ;;            # one row at a time, as Postman's runner posts
    concurrent) scenario concurrent 1000 100 0 8 ;;
    fast)       scenario fast 10000 0 0 8 ;;
    fast-jvm-defaults) scenario fast-jvm-defaults 10000 0 0 8 "" ;;
    # The same small heap for both: a file that did not stream would not fit in it
    memory-1k)  scenario memory-1k 1000 0 0 8 "$deployed_jvm -Xmx64m" ;;
    memory-1m)  scenario memory-1m 1000000 0 0 8 "$deployed_jvm -Xmx64m" ;;
    # Atlassian's burst limit in several shapes: 50 ms latency, eight rows in flight (pacing runs them all). The
    # simulator answers as Atlassian's edge does: a 429 at once, on arrival; work with jitter and a long tail
    pacing) for shape in 20-5 10-1 20-100 no-retry-after retry-after-5 drop defaults-250ms no-limit near-limit \
                         no-near-limit defaults-250ms-short 10-1-short 20-5-short retry-after-5-short deep-no-signals \
                         fall-30-8; do
              run "pacing-$shape"; done ;;
    pacing-20-5)          SIMULATOR_OPTIONS="--burst-depth 5" scenario "20/s depth 5" 1000 50 20 8 ;;
    pacing-10-1)          SIMULATOR_OPTIONS="--burst-depth 1" scenario "10/s depth 1" 1000 50 10 8 ;;
    pacing-20-100)        SIMULATOR_OPTIONS="--burst-depth 100" scenario "20/s depth 100" 1000 50 20 8 ;;
    pacing-no-retry-after) SIMULATOR_OPTIONS="--burst-depth 5 --retry-after none" scenario "no Retry-After" 1000 50 20 8 ;;
    pacing-retry-after-5) SIMULATOR_OPTIONS="--burst-depth 5 --retry-after 5" scenario "Retry-After 5 s" 2000 50 20 8 ;;
    # A deeper bucket and a long pause: Atlassian's X-RateLimit-NearLimit warning is what spares the pauses
    pacing-near-limit)    SIMULATOR_OPTIONS="--burst-depth 20 --retry-after 5" scenario "20/20, RA 5, NearLimit" 2000 50 20 8 ;;
    pacing-no-near-limit) SIMULATOR_OPTIONS="--burst-depth 20 --retry-after 5 --near-limit false" scenario "20/20, RA 5, none" 2000 50 20 8 ;;
    pacing-drop)          SIMULATOR_OPTIONS="--burst-depth 5 --rate-change 15:5,35:20" scenario "drop to 1/4" 1000 50 20 8 ;;
    # Default settings (no IMPORTER_CONCURRENCY): the window finds how many requests a slow site needs out at once
    pacing-defaults-250ms) SIMULATOR_OPTIONS="--burst-depth 40" scenario "250 ms, 40/s, defaults" 2000 250 40 "" ;;
    pacing-no-limit)      scenario "no limit, 100 ms" 1000 100 0 8 ;;
    # Short imports, where slow start is a large part of the time
    pacing-defaults-250ms-short) SIMULATOR_OPTIONS="--burst-depth 40" scenario "250 ms, 40/s, defaults" 600 250 40 "" ;;
    pacing-10-1-short)    SIMULATOR_OPTIONS="--burst-depth 1" scenario "10/s depth 1" 250 50 10 8 ;;
    pacing-20-5-short)    SIMULATOR_OPTIONS="--burst-depth 5" scenario "20/s depth 5" 300 50 20 8 ;;
    pacing-retry-after-5-short) SIMULATOR_OPTIONS="--burst-depth 5 --retry-after 5" scenario "Retry-After 5 s" 400 50 20 8 ;;
    # A deep bucket and nothing but 429s to say so: no Retry-After, no X-RateLimit-NearLimit
    pacing-deep-no-signals) SIMULATOR_OPTIONS="--burst-depth 80 --retry-after none --near-limit false" \
                          scenario "40/80, no RA, no NearLimit, defaults" 2000 250 40 "" ;;
    # A site that tells its bucket's refill (Jira Data Center's headers; not in the matrix: Cloud documents neither)
    pacing-told)          SIMULATOR_OPTIONS="--burst-depth 5 --retry-after 5 --refill-headers true" \
                          scenario "RA 5, refill told" 400 50 20 8 ;;
    # A limit that falls to a quarter for ten seconds and comes back, with a fixed eight in flight
    pacing-fall-30-8)     SIMULATOR_OPTIONS="--burst-depth 5 --rate-change 4:8,14:30" scenario "30/s, 8/s from 4 s to 14 s" 600 50 30 8 ;;
    *) echo "unknown scenario $1" >&2; exit 2 ;;
  esac
}

if [ $# -eq 0 ]; then set -- postman concurrent fast fast-jvm-defaults memory-1k pacing; fi
echo "JVM options: ${deployed_jvm:-none}" 
for name in "$@"; do run "$name"; done
