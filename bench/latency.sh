#!/usr/bin/env bash
# The latency benchmark of issue 4, in one command: installs what is missing, builds Release, starts a
# private single-node swarm (lab 'dslbench' on 10.231.2.0/24), runs dupstream against a recording
# target on 127.0.0.1, and always takes the lab down again.
#
#   bench/latency.sh [--rounds N] [--gap S] [--idle S] [--idle-settle S] [--period S] [--round-timeout S]
#
# Options go to the bench program (dotnet bench/.../dupstream-bench-latency.dll --help lists them).
# Results: printed at the end and written to bench/out/latency.md; watcher logs in bench/out/.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

say() { printf '\n== %s\n' "$*"; }

# Fixed on purpose, not taken from the caller's environment: the trap below takes this lab down,
# and it must never be somebody else's (the tests' or the demo's). No hyphen: scripts/lab.sh accepts
# only [a-z][a-z0-9]{0,9} (the name goes into veth names, limited to 15 characters).
export DUPSTREAM_LAB_NAME=dslbench DUPSTREAM_LAB_SUBNET=10.231.2
lab_env=/tmp/$DUPSTREAM_LAB_NAME/lab.env

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

cleanup() {
  status=$?
  say "stopping the benchmark swarm"
  scripts/lab.sh down || echo "latency.sh: lab down reported an error (see above)" >&2
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
dotnet bench/Dupstream.Bench.Latency/bin/Release/net10.0/dupstream-bench-latency.dll \
  --watcher bench/out/watcher/dupstream.dll --out bench/out "$@"
