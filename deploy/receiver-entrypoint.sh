#!/bin/sh
# The receiver image's entry point. nginx runs as a daemon beside the receiver; the receiver is the container's
# main process, so the container stops when it does.
#   receiver-entrypoint.sh [receiver flags]   start nginx, then the receiver
#   receiver-entrypoint.sh health             the HEALTHCHECK: the receiver's own /healthz (exit 0 or 1)
# DUPSTREAM_NGINX_CONFIG names the config (default /etc/dupstream/config.json).
set -eu
config="${DUPSTREAM_NGINX_CONFIG:-/etc/dupstream/config.json}"
if [ "${1:-}" = health ]; then
  exec /usr/local/bin/dupstream-nginx health --config "$config"
fi
# nginx includes the upstream files, so they must exist before it first reads its config (empty is fine: the
# site's proxy_pass names its upstream through a variable). A tmpfs or volume on the folder starts out empty.
mkdir -p /etc/nginx/dupstream
for f in /etc/nginx/dupstream/docker-upstream-default.conf /etc/nginx/dupstream/docker-upstream-global.conf; do
  [ -e "$f" ] || : > "$f"
done
nginx
exec /usr/local/bin/dupstream-nginx --config "$config" "$@"
