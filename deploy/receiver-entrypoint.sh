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
# The receiver refuses to start while the folder of its upstream files is missing (e.g. a volume mounted over
# it). nginx starts without the files (wildcard include, upstream named through a variable).
mkdir -p /etc/nginx/dupstream
nginx
exec /usr/local/bin/dupstream-nginx --config "$config" "$@"
