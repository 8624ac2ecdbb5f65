#!/usr/bin/env bash
# The benchmark of issue 13 in one command: nginx reloads, worker processes, failed requests and the time until
# nginx routes to a new peer set, while dupstream-nginx applies a rolling update and a 1 <-> 10 scale loop, in
# file mode (apply_mode "reload": every change reloads nginx) and in lua mode (membership changes go to nginx's
# memory), with 3 and with 2,000 upstreams in the snapshot. Under load: 300 long-lived streams and 4 keep-alive
# request loops through a private nginx (Debian's, with the Lua module, worker_processes 2). Everything runs on
# loopback: Kestrel backends on 127.0.1.x, the receiver as its own process; all are stopped at the end.
#
#   bench/reloads.sh [--modes file,lua] [--upstreams 3,2000] [--rolling-changes N] [--scale-changes N] [--streams N]
#                    [--loops N] [--gap-ms N] [--worker-processes N] [--nodes N]
#
# Options go to the bench program (dupstream-bench-reloads --help lists them). A receiver build without
# apply_mode "lua" refuses the setting at start: the lua rows then say "not run" with its message.
# Results: printed at the end and written to bench/out/reloads.md; the receiver's logs beside it.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

say() { printf '\n== %s\n' "$*"; }

say "checking the machine"
command -v dotnet >/dev/null || { echo "reloads.sh: the .NET SDK (dotnet) is not on PATH; install .NET 10 first." >&2; exit 1; }
scripts/install-deps.sh

say "building (Release)"
dotnet build src/Dupstream.Nginx/Dupstream.Nginx.csproj -c Release -nologo -clp:ErrorsOnly
dotnet build bench/Dupstream.Bench.Reloads/Dupstream.Bench.Reloads.csproj -c Release -nologo -clp:ErrorsOnly
# A private copy: the run measures one fixed build even if src/ is rebuilt meanwhile.
mkdir -p bench/out
rm -rf bench/out/reloads-receiver-bin && cp -a src/Dupstream.Nginx/bin/Release/net10.0 bench/out/reloads-receiver-bin

say "measuring (receiver of commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src 2>/dev/null || echo ' plus uncommitted changes'), nginx $(/usr/sbin/nginx -v 2>&1 | cut -d/ -f2))"
bench/Dupstream.Bench.Reloads/bin/Release/net10.0/dupstream-bench-reloads \
  --receiver bench/out/reloads-receiver-bin/dupstream-nginx --out bench/out/reloads.md "$@"
echo
echo "== results in bench/out/reloads.md"
