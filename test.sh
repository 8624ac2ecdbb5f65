#!/usr/bin/env bash
# Runs every test of dupstream: unit tests, and integration tests against a real Docker engine
# in swarm mode (two nodes, the second in a network namespace) and a real nginx.
# It installs what is missing (as root), starts every server it needs and stops them again,
# also when a test fails. Usage: ./test.sh [extra dotnet test arguments, e.g. --filter Name~Nginx]
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
started=$(date +%s)

say() { printf '\n== %s\n' "$*"; }

say "checking the machine (dotnet, docker engine, nginx, busybox, iproute2)"
command -v dotnet >/dev/null || { echo "test.sh: the .NET SDK (dotnet) is not on PATH; install .NET 10 first." >&2; exit 1; }
scripts/install-deps.sh

say "building"
dotnet build Dupstream.sln -c Release -nologo -clp:ErrorsOnly -warnaserror

# A caller may pick another lab (two suites side by side on one machine); the default is apart from the demo's.
export DUPSTREAM_LAB_NAME=${DUPSTREAM_LAB_NAME:-dsltest} DUPSTREAM_LAB_SUBNET=${DUPSTREAM_LAB_SUBNET:-10.231.3}
lab_env=/tmp/$DUPSTREAM_LAB_NAME/lab.env
cleanup() {
  status=$?
  say "stopping the test swarm"
  scripts/lab.sh down || echo "test.sh: lab down reported an error (see above)" >&2
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "starting a private two-node swarm for the integration tests"
scripts/lab.sh up --nodes 2
export DUPSTREAM_LAB_ENV=$lab_env

say "running the tests"
results=$(mktemp -d)
set +e
dotnet test Dupstream.sln -c Release --no-build -nologo \
  --logger "console;verbosity=normal" --logger "trx" --results-directory "$results" "$@" 2>&1 | tee "$results/console.log"
test_status=${PIPESTATUS[0]}
set -e

# One closing line over all test projects, in the plain 'N passed, N failed' form.
read -r passed failed skipped < <(grep -hoE '<Counters [^>]*>' "$results"/*.trx 2>/dev/null \
  | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "=\""); gsub(/"|\/?>/, "", kv[2]);
           if (kv[1] == "passed") p += kv[2]; if (kv[1] == "failed") f += kv[2];
           if (kv[1] == "notExecuted") s += kv[2]; } } END { print p + 0, f + 0, s + 0 }')
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
