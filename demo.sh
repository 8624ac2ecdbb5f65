#!/usr/bin/env bash
# The whole dupstream pipeline, live, on this machine:
#   a private two-node Docker swarm -> dupstream (the watcher) -> dupstream-nginx (the receiver)
#   -> a private nginx on 127.0.0.1 -> the swarm service's containers on both nodes.
# Needs root (it starts Docker engines and a network namespace). Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
root=$PWD

export DUPSTREAM_LAB_NAME=${DUPSTREAM_LAB_NAME:-dsldemo} DUPSTREAM_LAB_SUBNET=${DUPSTREAM_LAB_SUBNET:-10.231.1}
state=/tmp/$DUPSTREAM_LAB_NAME
demo=$state/demo
nginx_port=${DEMO_NGINX_PORT:-18080}
receiver_port=${DEMO_RECEIVER_PORT:-18090}
web_port=${DEMO_WEB_PORT:-18081}
watcher_http_port=${DEMO_WATCHER_HTTP_PORT:-18091}

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
pids=()
cleanup() {
  # Signalled as a process (timeout, kill, a supervisor) the whole process group may get the signal again:
  # finish stopping everything first.
  trap '' INT TERM HUP
  say "stopping the demo"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -f "$demo/nginx/nginx.pid" ] && nginx -p "$demo/nginx" -c "$demo/nginx/nginx.conf" -s stop 2>/dev/null || true
  scripts/lab.sh down || true
  echo "demo: stopped; nothing of it is left running."
}

for port in "$nginx_port" "$receiver_port" "$web_port" "$watcher_http_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "demo: port $port on 127.0.0.1 is taken; set DEMO_NGINX_PORT / DEMO_RECEIVER_PORT / DEMO_WEB_PORT / DEMO_WATCHER_HTTP_PORT." >&2
    exit 1
  fi
done

say "1/6 checking the machine and building dupstream"
scripts/install-deps.sh
dotnet build Dupstream.sln -c Release -nologo -clp:ErrorsOnly
watcher="dotnet $root/src/Dupstream/bin/Release/net10.0/dupstream.dll"
receiver="dotnet $root/src/Dupstream.Nginx/bin/Release/net10.0/dupstream-nginx.dll"

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

say "2/6 starting a private two-node Docker swarm (engines on /tmp/$DUPSTREAM_LAB_NAME)"
scripts/lab.sh up --nodes 2
# shellcheck disable=SC1090
source "$state/lab.env"
export DOCKER_HOST
docker=/usr/bin/docker
rm -rf "$demo" && mkdir -p "$demo/nginx/logs" "$demo/nginx/conf.d"

say "3/6 creating sample services"
echo "web: busybox httpd on port $web_port of every node (a global service), answering with its node's hostname"
$docker service create --detach --quiet --name web --mode global --network host \
  --publish "mode=host,published=$web_port,target=$web_port" \
  --label dupstream.upstream.prefix="least_conn;" --no-resolve-image "$LAB_IMAGE" \
  /bin/sh -c "hostname > /www/index.html; exec /bin/httpd -f -p $web_port -h /www" >/dev/null
echo "api: two replicas publishing 9099 -> 80 through the routing mesh (recorded by the engine; not served here)"
$docker service create --detach --quiet --name api --replicas 2 --publish 9099:80 \
  --label mono.upstream.mode=least_conn --no-resolve-image "$LAB_IMAGE" /bin/sleep 1d >/dev/null

say "4/6 starting a private nginx on 127.0.0.1:$nginx_port and the receiver on 127.0.0.1:$receiver_port"
secret=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
# Until the receiver writes the real list, 'web' points nowhere: nginx answers 502.
printf 'upstream web {\n\tserver 127.0.0.1:9;\n}\n' > "$demo/nginx/conf.d/docker-upstream-default.conf"
: > "$demo/nginx/conf.d/docker-upstream-global.conf"
cat > "$demo/nginx/nginx.conf" <<CONF
pid $demo/nginx/nginx.pid;
error_log $demo/nginx/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $demo/nginx/tmp_client; proxy_temp_path $demo/nginx/tmp_proxy;
  fastcgi_temp_path $demo/nginx/tmp_fcgi; uwsgi_temp_path $demo/nginx/tmp_uwsgi; scgi_temp_path $demo/nginx/tmp_scgi;
  include $demo/nginx/conf.d/*.conf;
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://web;
      proxy_next_upstream error timeout http_502 http_503 http_504;
      proxy_connect_timeout 1s;
      proxy_read_timeout 10s;   # a node that stops answering mid-request is given up on
    }
  }
}
CONF
nginx -p "$demo/nginx" -c "$demo/nginx/nginx.conf"
cat > "$demo/receiver.json" <<JSON
{
  "endpoint": "/lb",
  "secret": "$secret",
  "port": $receiver_port,
  "listen_address": "127.0.0.1",
  "upstream_file": {
    "default": "$demo/nginx/conf.d/docker-upstream-default.conf",
    "global": "$demo/nginx/conf.d/docker-upstream-global.conf"
  },
  "hostsfile": "$demo/hosts",
  "server_address": "ip",
  "nginx_test_command": "nginx -p $demo/nginx -c $demo/nginx/nginx.conf -t",
  "reload_nginx_command": "nginx -p $demo/nginx -c $demo/nginx/nginx.conf -s reload"
}
JSON
touch "$demo/hosts"
$receiver --config "$demo/receiver.json" >"$demo/receiver.log" 2>&1 &
pids+=($!)

say "5/6 starting the watcher: DOCKER_HOST=$DOCKER_HOST -> http://127.0.0.1:$receiver_port/lb"
DUPSTREAM_SERVICE_URL="http://127.0.0.1:$receiver_port/lb" DUPSTREAM_SERVICE_SECRET="$secret" DUPSTREAM_PERIOD=3 \
  DUPSTREAM_HTTP_ADDRESS=127.0.0.1 DUPSTREAM_HTTP_PORT="$watcher_http_port" \
  $watcher >"$demo/watcher.log" 2>&1 &
pids+=($!)

say "6/6 waiting for both nodes to be in nginx's upstream 'web'"
deadline=$((SECONDS + 60))
until [ "$(grep -c "server" "$demo/nginx/conf.d/docker-upstream-default.conf" 2>/dev/null || true)" -ge 2 ] \
      && grep -q "$LAB_NODE2_ADDR:$web_port" "$demo/nginx/conf.d/docker-upstream-default.conf"; do
  if [ $SECONDS -ge $deadline ]; then
    echo "demo: the upstream did not fill within 60 s. Logs:" >&2
    tail -n 20 "$demo/watcher.log" "$demo/receiver.log" >&2
    exit 1
  fi
  sleep 0.2
done
echo "--- $demo/nginx/conf.d/docker-upstream-default.conf (written by dupstream-nginx)"
cat "$demo/nginx/conf.d/docker-upstream-default.conf"
# 'nginx -s reload' returns before the new workers run: wait until nginx answers from the swarm.
deadline=$((SECONDS + 30))
until curl -fsS -o /dev/null "http://127.0.0.1:$nginx_port/" 2>/dev/null; do
  if [ $SECONDS -ge $deadline ]; then echo "demo: nginx did not answer through the swarm within 30 s" >&2; exit 1; fi
  sleep 0.2
done
echo "--- requests through nginx (127.0.0.1:$nginx_port), answered by the swarm service on each node:"
for _ in 1 2 3 4; do printf '  curl http://127.0.0.1:%s/ -> %s\n' "$nginx_port" "$(curl -fsS "http://127.0.0.1:$nginx_port/")"; done

cat <<TRY

The pipeline is live. In another shell, try:
  export DOCKER_HOST=$DOCKER_HOST
  /usr/bin/docker service scale api=0            # 'api' leaves its upstream within a moment
  /usr/bin/docker node update --availability drain $DUPSTREAM_LAB_NAME-node2   # node2 leaves 'web'
  /usr/bin/docker service rm web
  cat $demo/nginx/conf.d/docker-upstream-default.conf
  curl http://127.0.0.1:$nginx_port/
  curl http://127.0.0.1:$watcher_http_port/healthz        # the watcher's health; /metrics for Prometheus
  curl http://127.0.0.1:$receiver_port/healthz        # the receiver's last apply
Logs: $demo/watcher.log, $demo/receiver.log. Press Ctrl-C here to stop everything.
TRY
tail -n 0 -f "$demo/watcher.log" "$demo/receiver.log" &
pids+=($!)
wait "${pids[0]}"
