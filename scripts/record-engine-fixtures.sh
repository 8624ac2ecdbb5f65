#!/usr/bin/env bash
# Records raw Docker Engine API responses from a real two-node swarm for the watcher's unit tests
# (tests/Dupstream.Tests/Docker/Recordings/<scenario>/). Starts its own lab (name "rec", subnet
# 10.231.5 so it never disturbs a test or demo lab), builds the scenarios, saves the JSON, and
# always tears the lab down again.
#
#   scripts/record-engine-fixtures.sh [output-dir]
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$REPO/tests/Dupstream.Tests/Docker/Recordings}"
export DUPSTREAM_LAB_NAME="${DUPSTREAM_LAB_NAME:-rec}"
export DUPSTREAM_LAB_SUBNET="${DUPSTREAM_LAB_SUBNET:-10.231.5}"
LAB="$REPO/scripts/lab.sh"
DOCKER=/usr/bin/docker
API=v1.41
TIMEOUT=90
WEB_PORT=18080
API_PORT=18081
IDLE_PORT=18082

log() { echo "record: $*"; }
fail() { echo "record: ERROR: $*" >&2; exit 1; }

for port in "$WEB_PORT" "$API_PORT" "$IDLE_PORT"; do
    if ss -Htln "sport = :$port" | grep -q .; then
        fail "port $port is already in use on this machine; the recorded services need it"
    fi
done

cleanup() { "$LAB" down >/dev/null 2>&1 || echo "record: WARNING: lab down failed; run: DUPSTREAM_LAB_NAME=$DUPSTREAM_LAB_NAME $LAB down" >&2; }
trap cleanup EXIT

log "starting a fresh lab '$DUPSTREAM_LAB_NAME'"
"$LAB" up --fresh
set -a
# shellcheck disable=SC1090
. "/tmp/$DUPSTREAM_LAB_NAME/lab.env"
set +a
SOCK="${DOCKER_HOST#unix://}"
NODE2="$LAB_NODE2_HOSTNAME"

dk() { "$DOCKER" "$@"; }

# The events stream is already one JSON object per line; jq only normalises it.
compact_lines() { if command -v jq >/dev/null; then jq -c .; else cat; fi; }

pretty() { if command -v jq >/dev/null; then jq .; else python3 -m json.tool; fi; }

api_get() { # api_get <path> [curl -G data...]
    local path="$1"
    shift
    curl -fsS -G --unix-socket "$SOCK" "http://engine/$API$path" "$@"
}

# Polls <command...> until it succeeds, up to TIMEOUT seconds.
wait_for() {
    local what="$1" deadline=$(( $(date +%s) + TIMEOUT ))
    shift
    until "$@"; do
        (( $(date +%s) < deadline )) || fail "timed out waiting for $what"
        sleep 0.3
    done
}

running_count_is() { # running_count_is <service> <n>
    [[ "$(dk service ps "$1" --filter desired-state=running --format '{{.CurrentState}}' | grep -c '^Running' || true)" == "$2" ]]
}

now_after() { (( $(date +%s) > $1 )); }

node_status_is() { [[ "$(dk node inspect "$1" --format '{{.Status.State}}')" == "$2" ]]; }

node2_has_no_live_task() {
    # Drained: nothing should run there, and what ran there has really stopped.
    [[ -z "$(dk node ps "$NODE2" --filter desired-state=running -q)" ]] &&
        ! dk node ps "$NODE2" --format '{{.CurrentState}}' | grep -qE '^(Running|Starting|Preparing|Assigned|Accepted|Ready)'
}

record() { # record <scenario>
    local dir="$OUT/$1"
    mkdir -p "$dir"
    api_get /nodes | pretty >"$dir/nodes.json"
    api_get /services | pretty >"$dir/services.json"
    api_get /tasks | pretty >"$dir/tasks.json"
    api_get /tasks --data-urlencode 'filters={"desired-state":["running"]}' | pretty >"$dir/tasks-desired-running.json"
    log "recorded $1 -> $dir"
}

httpd() { echo "hostname > /www/index.html; exec httpd -f -p $1 -h /www"; }

T0="$(date +%s)"

log "scenario two-node-mixed: creating services"
common=(--detach --no-resolve-image --stop-grace-period 1s)
dk service create "${common[@]}" --name web --mode global --network host \
    --publish "mode=host,published=$WEB_PORT,target=$WEB_PORT" \
    "$LAB_IMAGE" /bin/sh -c "$(httpd "$WEB_PORT")" >/dev/null
dk service create "${common[@]}" --name api --replicas 2 --network host \
    --label mono.upstream.mode=least_conn --label 'dupstream.upstream.prefix=least_conn;' \
    --label com.example.team=payments \
    --publish "mode=host,published=$API_PORT,target=$API_PORT" \
    "$LAB_IMAGE" /bin/sh -c "$(httpd "$API_PORT")" >/dev/null
dk service create "${common[@]}" --name edge --replicas 1 \
    --publish published=9099,target=80 --publish published=9443,target=443 \
    "$LAB_IMAGE" >/dev/null
dk service create "${common[@]}" --name worker --replicas 1 "$LAB_IMAGE" >/dev/null
dk service create "${common[@]}" --name idle --replicas 0 --network host \
    --publish "mode=host,published=$IDLE_PORT,target=$IDLE_PORT" \
    "$LAB_IMAGE" /bin/sh -c "$(httpd "$IDLE_PORT")" >/dev/null

wait_for "web on both nodes" running_count_is web 2
wait_for "api 2/2" running_count_is api 2
wait_for "edge 1/1" running_count_is edge 1
wait_for "worker 1/1" running_count_is worker 1
wait_for "web answering on node2" curl -fsS -o /dev/null --max-time 2 "http://$LAB_NODE2_ADDR:$WEB_PORT/"
record two-node-mixed

log "scenario drained-node: draining $NODE2"
dk node update --availability drain "$NODE2" >/dev/null
wait_for "$NODE2's tasks to stop" node2_has_no_live_task
record drained-node

log "re-activating $NODE2"
dk node update --availability active "$NODE2" >/dev/null
wait_for "web back on both nodes" running_count_is web 2
wait_for "api 2/2 again" running_count_is api 2

log "scenario node-down: cutting $NODE2's link (the manager needs ~10-15 s to notice)"
"$LAB" node2-link down
wait_for "$NODE2 Down" node_status_is "$NODE2" down
record node-down
"$LAB" node2-link up
wait_for "$NODE2 Ready again" node_status_is "$NODE2" ready

log "events sample: a service update and a removal"
dk service update --detach --label-add dupstream.example=updated worker >/dev/null
dk service rm worker >/dev/null
T1="$(( $(date +%s) + 1 ))"
# "until" must be over before the request ends the stream: wait past it.
wait_for "the events window to close" now_after "$T1"
api_get /events --data-urlencode "since=$T0" --data-urlencode "until=$T1" \
    --data-urlencode 'filters={"type":["service","node"]}' | compact_lines >"$OUT/events.jsonl"
log "recorded $(wc -l <"$OUT/events.jsonl") events -> $OUT/events.jsonl"

dk version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' >"$OUT/engine-version.txt"
log "engine $(cat "$OUT/engine-version.txt"); tearing the lab down"
