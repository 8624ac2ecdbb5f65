#!/usr/bin/env bash
# Runs every test of dupstream: unit tests, and integration tests against a real Docker engine
# in swarm mode (two nodes, the second in a network namespace; tests add managers where they need them),
# a real nginx, and the images of deploy/ (built by scripts/build-images.sh, cached between runs).
# It installs what is missing (as root), starts every server it needs and stops them again,
# also when a test fails. Usage: ./test.sh [extra dotnet test arguments, e.g. --filter Name~Nginx]
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
started=$(date +%s)

say() { printf '\n== %s\n' "$*"; }

say "checking the machine (dotnet, docker engine, nginx, busybox, iproute2)"
command -v dotnet >/dev/null || { echo "test.sh: the .NET SDK (dotnet) is not on PATH; install .NET 10 first." >&2; exit 1; }
scripts/install-deps.sh

results=$(mktemp -d)

# The lab swarm and the images need no build of ours and are mostly waiting (engines starting, Debian packages,
# docker build on the lab's engine): they are made in the background while the solution builds and the fast lane
# runs, and waited for before the integration tests. A fresh machine builds the images (minutes); later runs
# load them from the cache. Their own process group, so a failed fast lane stops them whole.
# A caller may pick another lab (two suites side by side on one machine); the default is apart from the demo's.
export DUPSTREAM_LAB_NAME=${DUPSTREAM_LAB_NAME:-dsltest} DUPSTREAM_LAB_SUBNET=${DUPSTREAM_LAB_SUBNET:-10.231.3}
lab_env=/tmp/$DUPSTREAM_LAB_NAME/lab.env
swarm_log=$results/swarm-and-images.log
swarm_job=
cleanup() {
  status=$?
  if [ -n "$swarm_job" ] && kill -0 "$swarm_job" 2>/dev/null; then
    kill -- "-$swarm_job" 2>/dev/null || true
    wait "$swarm_job" 2>/dev/null || true
  fi
  say "stopping the test swarm"
  scripts/lab.sh down || echo "test.sh: lab down reported an error (see above)" >&2
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "starting a private two-node swarm and building the images in the background (log: $swarm_log)"
setsid bash -c 'set -euo pipefail
  scripts/lab.sh up --nodes 2
  images_started=$(date +%s)
  echo "== building the images (deploy/Dockerfile.watcher, deploy/Dockerfile.nginx) and loading them on the lab nodes"
  scripts/build-images.sh
  echo "test.sh: images ready in $(( $(date +%s) - images_started ))s"' >"$swarm_log" 2>&1 </dev/null &
swarm_job=$!

say "building"
dotnet build Dupstream.sln -c Release -nologo -clp:ErrorsOnly -warnaserror

# One closing line over every test project that ran, in the plain 'N passed, N failed' form.
total() {
  read -r passed failed skipped < <(grep -hoE '<Counters [^>]*>' "$results"/*.trx 2>/dev/null \
    | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "=\""); gsub(/"|\/?>/, "", kv[2]);
             if (kv[1] == "passed") p += kv[2]; if (kv[1] == "failed") f += kv[2];
             if (kv[1] == "notExecuted") s += kv[2]; } } END { print p + 0, f + 0, s + 0 }')
  # The failed tests by name, next to the closing line: a CI log that keeps only its end still says what failed.
  grep -hoE '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$results"/*.trx 2>/dev/null \
    | sed -E 's/.* testName="([^"]*)".*/failed: \1/' | sed -e 's/&quot;/"/g' -e 's/&amp;/\&/g' >&2 || true
}

# The fast lane: style, then the tests that need no swarm (unit, contract, architecture, synthetic engine).
# A failure here ends the run (and stops the swarm still being made), so CI fails in minutes, not after the slow suite.
say "checking the house style (dotnet format --verify-no-changes)"
if ! dotnet format Dupstream.sln --verify-no-changes --no-restore -v q; then
  echo "test.sh: the code is not formatted as .editorconfig says (above); 'dotnet format Dupstream.sln' fixes it." >&2
  echo "Total: 0 passed, 0 failed (the style check failed before any test ran)"
  exit 1
fi

fast_lane=(tests/Dupstream.ArchitectureTests tests/Dupstream.Contracts.Tests tests/Dupstream.Tests
  tests/Dupstream.Nginx.Tests tests/Dupstream.SyntheticEngine.Tests)
say "running the fast lane: ${fast_lane[*]}"
fast_status=0
for project in "${fast_lane[@]}"; do
  set +e
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "console;verbosity=normal" --logger "trx" --results-directory "$results" "$@" 2>&1 | tee -a "$results/console.log"
  status=${PIPESTATUS[0]}
  set -e
  [ "$status" -eq 0 ] || fast_status=$status
done
if [ "$fast_status" -ne 0 ]; then
  total
  echo "test.sh: the fast lane failed; the integration tests did not run." >&2
  echo "Total: $passed passed, $failed failed"
  exit "$fast_status"
fi

say "waiting for the swarm and the images (started in the background)"
set +e
wait "$swarm_job"
swarm_status=$?
set -e
swarm_job=
cat "$swarm_log"
if [ "$swarm_status" -ne 0 ]; then
  total
  echo "test.sh: the lab swarm or the images could not be made (exit $swarm_status, above); the integration tests did not run." >&2
  echo "Total: $passed passed, $failed failed"
  exit "$swarm_status"
fi
export DUPSTREAM_LAB_ENV=$lab_env

say "running the integration tests"
set +e
dotnet test tests/Dupstream.IntegrationTests -c Release --no-build -nologo \
  --logger "console;verbosity=normal" --logger "trx" --results-directory "$results" "$@" 2>&1 | tee -a "$results/console.log"
test_status=${PIPESTATUS[0]}
set -e

total
elapsed=$(( $(date +%s) - started ))
say "done in ${elapsed}s"
if [ "$skipped" -gt 0 ]; then
  echo "test.sh: $skipped tests were not executed; every test must run." >&2
  test_status=1
fi
if [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran." >&2
  test_status=1
fi
echo "Total: $passed passed, $failed failed"
exit "$test_status"
