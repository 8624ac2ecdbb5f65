#!/usr/bin/env bash
# The receiver at size with a real nginx (issue 5): starts dupstream-nginx and a private nginx on free loopback
# ports (own prefix under /tmp), POSTs a 2,000-upstream snapshot that changes (validate, render, write, nginx -t,
# reload) and one that does not, and times them at the client. Stops both and removes the prefix when done.
#
#   bench/receiver.sh [--upstreams N] [--servers-per-upstream N] [--changed-runs N] [--unchanged-runs N]
#
# Results: bench/out/receiver.md (and printed).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
command -v dotnet >/dev/null || { echo "receiver.sh: the .NET SDK (dotnet) is not on PATH; install .NET 10 first." >&2; exit 1; }
[ -x /usr/sbin/nginx ] || { echo "receiver.sh: nginx is needed (apt-get install nginx-light or nginx)." >&2; exit 1; }
mkdir -p bench/out
dotnet build bench/Dupstream.Bench.Scale/Dupstream.Bench.Scale.csproj -c Release -nologo -clp:ErrorsOnly
dotnet build src/Dupstream.Nginx/Dupstream.Nginx.csproj -c Release -nologo -clp:ErrorsOnly
# A private copy: the run measures one fixed build even if src/ is rebuilt meanwhile.
rm -rf bench/out/receiver-bin && cp -a src/Dupstream.Nginx/bin/Release/net10.0 bench/out/receiver-bin
{
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), nginx $(/usr/sbin/nginx -v 2>&1 | cut -d/ -f2)."
  echo "Command: \`bench/receiver.sh $*\`, $(date -u +%Y-%m-%dT%H:%MZ)."
  echo
} > bench/out/receiver.md
bench/Dupstream.Bench.Scale/bin/Release/net10.0/dupstream-bench-scale receiver --receiver-path bench/out/receiver-bin/dupstream-nginx --nodes 200 --out bench/out/receiver-run.md "$@"
cat bench/out/receiver-run.md >> bench/out/receiver.md && rm bench/out/receiver-run.md
echo "== results in bench/out/receiver.md"
