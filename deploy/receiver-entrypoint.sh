#!/bin/sh
# nginx runs as a daemon beside the receiver; the receiver is the container's main process, so the
# container stops when it does. Upstream files must exist before nginx first reads its config.
set -eu
for f in /etc/nginx/dupstream/docker-upstream-default.conf /etc/nginx/dupstream/docker-upstream-global.conf; do
  [ -e "$f" ] || : > "$f"
done
nginx
exec dotnet /app/dupstream-nginx.dll --config "${DUPSTREAM_NGINX_CONFIG:-/etc/dupstream/config.json}" "$@"
