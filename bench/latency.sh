#!/usr/bin/env bash
# The latency benchmark of issue 4, in one command: installs what is missing, builds Release, starts a
# private single-node swarm (lab 'dslbench' on 10.231.2.0/24), runs dupstream against a recording
# target on 127.0.0.1, and always takes the lab down again.
#
#   bench/latency.sh [--before GIT_REF] [--rounds N] [--gap S] [--idle S] [--idle-settle S] [--period S] [--round-timeout S]
#
# --before also measures the watcher of GIT_REF (built in a temporary worktree outside the repository) on the
# same swarm, first, so before and after come from one run; results in bench/out/before and bench/out/after.
# Options go to the bench program (dotnet bench/.../dupstream-bench-latency.dll --help lists them).
# Results: printed at the end and written to bench/out/latency.md; watcher logs in bench/out/.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

say() { printf '\n== %s\n' "$*"; }

# Fixed on purpose, not taken from the caller's environment: the trap below takes this lab down,
# and it must never be somebody else's (the tests' or the demo's). No hyphen: scripts/lab.sh accepts
# only [a-z][a-z0-9]{0,9} (the name goes into veth names, limited to 15 characters).
# DUPSTREAM_BENCH_LAB_NAME / DUPSTREAM_BENCH_LAB_SUBNET pick another private lab (one nobody else uses).
export DUPSTREAM_LAB_NAME=${DUPSTREAM_BENCH_LAB_NAME:-dslbench} DUPSTREAM_LAB_SUBNET=${DUPSTREAM_BENCH_LAB_SUBNET:-10.231.2}
lab_env=/tmp/$DUPSTREAM_LAB_NAME/lab.env

before=""
if [ "${1:-}" = "--before" ]; then before=$2; shift 2; fi

say "checking the machine"
command -v dotnet >/dev/null || { echo "latency.sh: the .NET SDK (dotnet) is not on PATH; install .NET 10 first." >&2; exit 1; }
scripts/install-deps.sh

say "building (Release)"
dotnet build src/Dupstream/Dupstream.csproj -c Release -nologo -clp:ErrorsOnly
dotnet build bench/Dupstream.Bench.Latency/Dupstream.Bench.Latency.csproj -c Release -nologo -clp:ErrorsOnly
# Run a private copy of the watcher: the run then measures one fixed build even if src/ is rebuilt
# meanwhile, and is not hit by whatever stops processes running from src/Dupstream/bin.
rm -rf bench/out/watcher
mkdir -p bench/out
cp -a src/Dupstream/bin/Release/net10.0 bench/out/watcher
before_tree=""
if [ -n "$before" ]; then
  before_tree=$(mktemp -d /tmp/dupstream-latency-before.XXXXXX)
  say "building the watcher of $before ($(git rev-parse --short "$before")) in $before_tree"
  git worktree add --detach "$before_tree" "$before" >/dev/null
  dotnet build "$before_tree/src/Dupstream/Dupstream.csproj" -c Release -nologo -clp:ErrorsOnly
  rm -rf bench/out/watcher-before
  cp -a "$before_tree/src/Dupstream/bin/Release/net10.0" bench/out/watcher-before
fi

cleanup() {
  status=$?
  say "stopping the benchmark swarm"
  scripts/lab.sh down || echo "latency.sh: lab down reported an error (see above)" >&2
  if [ -n "$before_tree" ]; then git worktree remove --force "$before_tree" >/dev/null 2>&1 || rm -rf "$before_tree"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "starting a private single-node swarm"
scripts/lab.sh up --nodes 1 --fresh
set -a
# shellcheck source=/dev/null
. "$lab_env"
set +a

say "machine"
echo "cpus: $(nproc); os: $(. /etc/os-release && echo "$PRETTY_NAME"); kernel: $(uname -r)"
echo "engine: $(/usr/bin/docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"
echo "dotnet: $(dotnet --version); commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

say "measuring"
bench=bench/Dupstream.Bench.Latency/bin/Release/net10.0/dupstream-bench-latency.dll
if [ -n "$before" ]; then
  say "measuring the watcher of $before"
  dotnet "$bench" --watcher bench/out/watcher-before/dupstream.dll --out bench/out/before "$@"
  say "measuring this watcher ($(git rev-parse --short HEAD))"
  dotnet "$bench" --watcher bench/out/watcher/dupstream.dll --out bench/out/after "$@"
  { echo "## before: $before ($(git rev-parse --short "$before"))"; cat bench/out/before/latency.md; echo; echo "## after: $(git rev-parse --short HEAD)"; cat bench/out/after/latency.md; } > bench/out/latency.md
  cat bench/out/latency.md
else
  dotnet "$bench" --watcher bench/out/watcher/dupstream.dll --out bench/out "$@"
fi
