#!/usr/bin/env bash
# The whole-process scale benchmark (issue 5): a synthetic Docker engine on a unix socket (tests/Dupstream.SyntheticEngine)
# with a tiny cluster and with 200 nodes / 2,000 services / 20,000 tasks; for each: the curl download floor,
# refresh wall/CPU time (lean readers and the old Docker.DotNet models), and per watcher build (Native AOT, as
# published, and JIT) a --once start-up run and a soak with RSS and CPU sampling. Loopback and unix sockets only.
#
#   bench/scale.sh [--soak SECONDS (default 300)] [--sizes tiny,large] [--builds aot,jit] [--change-every SECONDS]
#                  [--change-rounds N (default 2)] [--before GIT_REF|EXECUTABLE]
#
# --before also soaks (and measures the change cost of) an earlier watcher in the same run: a git ref is checked
# out into a temporary worktree outside the repository and published Native AOT there; an executable is used as is.
# The change cost (issue 14): engine requests and bytes one create / scale / update --force / rm causes.
#
# Results: bench/out/scale.md (and printed). Everything it starts is stopped when it ends.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
soak=300; sizes=tiny,large; builds=aot,jit; change_every=30; change_rounds=2; before=
while [ "$#" -gt 0 ]; do
  case "$1" in
    --soak) soak=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --builds) builds=$2; shift 2 ;;
    --change-every) change_every=$2; shift 2 ;;
    --change-rounds) change_rounds=$2; shift 2 ;;
    --before) before=$2; shift 2 ;;
    *) echo "scale.sh: unknown option $1 (see the header of this script)" >&2; exit 2 ;;
  esac
done
command -v dotnet >/dev/null || { echo "scale.sh: the .NET SDK (dotnet) is not on PATH; install .NET 10 first." >&2; exit 1; }
command -v curl >/dev/null || { echo "scale.sh: curl is needed for the download floor (apt-get install curl)." >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "scale.sh: /usr/bin/time is needed (apt-get install time)." >&2; exit 1; }

out=bench/out/scale
rm -rf "$out" && mkdir -p "$out"
echo "== building the benchmark and publishing the watcher (Native AOT as shipped, and a JIT build to compare)"
dotnet build bench/Dupstream.Bench.Scale/Dupstream.Bench.Scale.csproj -c Release -nologo -clp:ErrorsOnly
watchers=()
if [[ ",$builds," == *",aot,"* ]]; then
  dotnet publish src/Dupstream/Dupstream.csproj -c Release -o "$out/watcher-aot" -nologo -clp:ErrorsOnly
  watchers+=(--watcher "Native AOT=$PWD/$out/watcher-aot/dupstream")
fi
if [[ ",$builds," == *",jit,"* ]]; then
  dotnet publish src/Dupstream/Dupstream.csproj -c Release -p:PublishAot=false -o "$out/watcher-jit" -nologo -clp:ErrorsOnly
  watchers+=(--watcher "JIT=$PWD/$out/watcher-jit/dupstream")
fi

socket_dir=$(mktemp -d /tmp/dupstream-bench-scale.XXXXXX)
before_tree=""
cleanup() {
  rm -rf "$socket_dir"
  if [ -n "$before_tree" ]; then git worktree remove --force "$before_tree" >/dev/null 2>&1 || rm -rf "$before_tree"; fi
}
trap cleanup EXIT
if [ -n "$before" ]; then
  if [ -x "$before" ] && [ -f "$before" ]; then
    watchers=(--watcher "before ($before)=$(readlink -f "$before")" "${watchers[@]}")
  else
    before_tree=$(mktemp -d /tmp/dupstream-bench-before.XXXXXX)
    rev=$(git rev-parse --short "$before")
    echo "== publishing the watcher of $before ($rev) in $before_tree (Native AOT)"
    git worktree add --detach "$before_tree" "$before" >/dev/null
    dotnet publish "$before_tree/src/Dupstream/Dupstream.csproj" -c Release -o "$before_tree/out" -nologo -clp:ErrorsOnly
    watchers=(--watcher "before ($before $rev, Native AOT)=$before_tree/out/dupstream" "${watchers[@]}")
  fi
fi
{
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -m | awk '/Mem:/{print $2}') MB RAM, $(. /etc/os-release; echo "$PRETTY_NAME"), .NET SDK $(dotnet --version)."
  echo "Command: \`bench/scale.sh --soak $soak --sizes $sizes --builds $builds --change-every $change_every --change-rounds $change_rounds${before:+ --before $before}\`, commit $(git rev-parse --short HEAD), $(date -u +%Y-%m-%dT%H:%MZ)."
  echo
} > bench/out/scale.md
bench_bin=bench/Dupstream.Bench.Scale/bin/Release/net10.0/dupstream-bench-scale
for size in ${sizes//,/ }; do
  case "$size" in
    tiny) args=(--nodes 2 --services 5 --tasks 20) ;;
    medium) args=(--nodes 20 --services 200 --tasks 2000) ;;
    large) args=(--nodes 200 --services 2000 --tasks 20000) ;;
    *) echo "scale.sh: unknown size $size (tiny, medium, large)" >&2; exit 2 ;;
  esac
  echo "== $size cluster"
  "$bench_bin" run --socket "$socket_dir/engine.sock" "${args[@]}" --soak "$soak" --change-every "$change_every" --change-rounds "$change_rounds" "${watchers[@]}" --out "$out/$size.md"
  cat "$out/$size.md" >> bench/out/scale.md
done
echo "== results in bench/out/scale.md"
