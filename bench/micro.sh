#!/usr/bin/env bash
# BenchmarkDotNet for the pure parts (issue 5): reading /tasks (lean reader against Docker.DotNet's models),
# building, serialising and comparing snapshots at 20 / 2,000 / 20,000 tasks; the receiver's validation and
# rendering at 20 / 2,000 upstreams. A short job: a few minutes on two cores. No network, no engine.
#
#   bench/micro.sh [BenchmarkDotNet arguments, e.g. --filter '*Render*']
#
# Results: bench/out/micro/results/*-report-github.md (and printed).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
command -v dotnet >/dev/null || { echo "micro.sh: the .NET SDK (dotnet) is not on PATH; install .NET 10 first." >&2; exit 1; }

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet build bench/Dupstream.Bench.Micro/Dupstream.Bench.Micro.csproj -c Release -nologo -clp:ErrorsOnly
export DUPSTREAM_BENCH_OUT="$PWD/bench/out"
mkdir -p "$DUPSTREAM_BENCH_OUT"
if [ "$#" -eq 0 ]; then set -- --filter '*'; fi
dotnet bench/Dupstream.Bench.Micro/bin/Release/net10.0/Dupstream.Bench.Micro.dll "$@"
echo "== results in bench/out/micro/results/"
