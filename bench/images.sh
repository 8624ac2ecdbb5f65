#!/usr/bin/env bash
# Figures for the images (issue 10), on a lab swarm of its own; prints a markdown table for docs/images.md.
#   image sizes (docker image inspect .Size, uncompressed; goals: watcher <= 40 MB, receiver+nginx <= 150 MB)
#   container start to first delivery: `docker run` of the watcher image (README line) until its first POST arrives
#   manager loss to first delivered change: the watcher as a service on managers (3 managers), the engine of the
#     manager that runs it stopped, a service created right after; until the snapshot with it arrives
# Usage: bench/images.sh [start runs, default 5] [manager-loss runs, default 3]. Needs root.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
start_runs=${1:-5}
loss_runs=${2:-3}
export DUPSTREAM_LAB_NAME=${DUPSTREAM_LAB_NAME:-dslbench} DUPSTREAM_LAB_SUBNET=${DUPSTREAM_LAB_SUBNET:-10.231.5}
docker=/usr/bin/docker
work=$(mktemp -d)
listener=""
cleanup() {
  trap '' INT TERM
  [[ -z "$listener" ]] || kill "$listener" 2>/dev/null || true
  scripts/lab.sh down >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ms_now() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
free_port() { local p; while :; do p=$(( 30000 + RANDOM % 5000 )); ss -Hltn "sport = :$p" | grep -q . || { echo "$p"; return; }; done; }
# A target that answers every POST with 200 and appends each request to $work/requests (busybox nc, one connection
# at a time); the benchmark looks for the moment a snapshot naming a service arrives.
start_listener() {
  : >"$work/requests"
  ( while :; do printf 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' \
      | busybox nc -l -p "$1" >>"$work/requests" 2>/dev/null || true; done ) &
  listener=$!
  until ss -Hltn "sport = :$1" | grep -q .; do sleep 0.01; done
}
stop_listener() { kill "$listener" 2>/dev/null || true; wait "$listener" 2>/dev/null || true; listener=""; }
wait_for_text() { # wait_for_text TEXT SECONDS: prints the ms time it appeared
  local deadline=$(( $(date +%s) + $2 ))
  until grep -qF -- "$1" "$work/requests" 2>/dev/null; do
    (( $(date +%s) < deadline )) || { echo "bench: '$1' did not arrive within $2 s" >&2; return 1; }
    sleep 0.005
  done
  ms_now
}

scripts/lab.sh up --nodes 2 >/dev/null
# shellcheck disable=SC1090
source "/tmp/$DUPSTREAM_LAB_NAME/lab.env"
export DOCKER_HOST
build_started=$(date +%s)
scripts/build-images.sh
build_seconds=$(( $(date +%s) - build_started ))
gid=$(stat -c %g "${DOCKER_HOST#unix://}")
size_mb() { $docker image inspect -f '{{.Size}}' "$1" | awk '{ printf "%.1f", $1 / 1000000 }'; }
watcher_mb=$(size_mb dupstream/dupstream:latest)
receiver_mb=$(size_mb dupstream/nginx:latest)

echo "bench: container start to first delivery, $start_runs runs" >&2
$docker service create --detach --quiet --name bench-svc --publish 9099:80 --no-resolve-image "$LAB_IMAGE" >/dev/null
starts=()
for i in $(seq "$start_runs"); do
  port=$(free_port)
  start_listener "$port"
  t0=$(ms_now)
  $docker run -d --name "bench-run-$i" --network host --read-only --group-add "$gid" \
    -e "DUPSTREAM_SERVICE_URL=http://127.0.0.1:$port/lb" -e DUPSTREAM_HTTP_PORT=0 \
    --volume "${DOCKER_HOST#unix://}:/var/run/docker.sock" dupstream/dupstream:latest >/dev/null
  t1=$(wait_for_text bench-svc 30)
  starts+=($(( t1 - t0 )))
  $docker rm -f "bench-run-$i" >/dev/null
  stop_listener
done
start_median=$(printf '%s\n' "${starts[@]}" | median)

echo "bench: manager loss to first delivered change, $loss_runs runs" >&2
losses=()
for i in $(seq "$loss_runs"); do
  scripts/lab.sh add-managers 2 >/dev/null
  scripts/build-images.sh >/dev/null
  # node1 takes no new task: the watcher runs on an added manager, and moves to the other one.
  $docker node update --availability pause "$LAB_MANAGER_HOSTNAME" >/dev/null
  port=$(free_port)
  start_listener "$port"
  $docker service create --detach --quiet --name bench-watcher --constraint node.role==manager --network host \
    --user "1654:$gid" --mount "type=bind,source=$LAB_SOCKET_DIR/{{.Node.Hostname}}.sock,target=/var/run/docker.sock" \
    -e "DUPSTREAM_SERVICE_URL=http://$LAB_MANAGER_ADDR:$port/lb" -e DUPSTREAM_HTTP_PORT=0 -e DUPSTREAM_SERVICE_TIMEOUT=2 \
    --no-resolve-image dupstream/dupstream:latest >/dev/null
  wait_for_text bench-svc 60 >/dev/null
  node=$($docker service ps bench-watcher --filter desired-state=running --format '{{.Node}}' | head -n 1)
  scripts/lab.sh stop-node "${node##*node}" >/dev/null
  t0=$(ms_now)
  $docker service create --detach --quiet --name "bench-after-$i" --replicas 0 --publish "$((9100 + i)):80" --no-resolve-image "$LAB_IMAGE" >/dev/null
  t1=$(wait_for_text "bench-after-$i" 180)
  losses+=($(( t1 - t0 )))
  $docker service rm bench-watcher "bench-after-$i" >/dev/null
  $docker node update --availability active "$LAB_MANAGER_HOSTNAME" >/dev/null
  stop_listener
  scripts/lab.sh remove-managers >/dev/null
done
loss_median=$(printf '%s\n' "${losses[@]}" | median)

cat <<EOF
| Figure | Result | Goal |
|---|---|---|
| watcher image (dupstream/dupstream), uncompressed | $watcher_mb MB | <= 40 MB |
| receiver+nginx image (dupstream/nginx), uncompressed | $receiver_mb MB | <= 150 MB |
| container start to first delivery, median of $start_runs | $start_median ms (runs: ${starts[*]}) | |
| manager loss to first delivered change, median of $loss_runs | $(awk -v m="$loss_median" 'BEGIN { printf "%.1f", m / 1000 }') s (runs ms: ${losses[*]}) | |
| scripts/build-images.sh in this run | $build_seconds s | |
EOF
