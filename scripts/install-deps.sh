#!/usr/bin/env bash
# Checks (and as root installs) what the real-swarm lab, the nginx tests and the demo need.
# Fails loudly instead of continuing without a tool: a half-equipped machine would make the
# integration tests fail later with a far less obvious message.
set -euo pipefail

missing_packages=()
missing_what=()

need() { # need <description> <debian package> <check command...>
    local what="$1" package="$2"
    shift 2
    if ! "$@" >/dev/null 2>&1; then
        missing_what+=("$what")
        # one package may provide several missing tools; list it once
        if [[ " ${missing_packages[*]-} " != *" $package "* ]]; then
            missing_packages+=("$package")
        fi
    fi
}

is_static_busybox() {
    [[ -x /bin/busybox ]] || return 1
    # ldd says "not a dynamic executable" (exit 1) for a static binary; a dynamic busybox
    # would not run inside the lab's image, which has no libc.
    ! ldd /bin/busybox >/dev/null 2>&1
}

need "dockerd"                       docker.io    test -x /usr/sbin/dockerd
need "docker client (/usr/bin/docker)" docker.io  test -x /usr/bin/docker
need "containerd"                    docker.io    command -v containerd
need "runc"                          docker.io    command -v runc
need "nginx"                         nginx        test -x /usr/sbin/nginx
# apply_mode "lua" (upstream membership in nginx's memory, no reload): the Lua module and lua-resty-core.
need "nginx Lua module"              libnginx-mod-http-lua test -f /usr/lib/nginx/modules/ngx_http_lua_module.so
need "static busybox (/bin/busybox)" busybox-static is_static_busybox
need "ip"                            iproute2     command -v ip
need "nsenter"                       util-linux   command -v nsenter
need "unshare"                       util-linux   command -v unshare
need "curl"                          curl         command -v curl
need "openssl"                       openssl      command -v openssl
need "mmdebstrap (local base images)" mmdebstrap  command -v mmdebstrap

if (( ${#missing_what[@]} == 0 )); then
    echo "install-deps: all present (dockerd, docker, containerd, runc, nginx, nginx Lua module, busybox-static, ip, nsenter, unshare, curl, openssl, mmdebstrap)"
    exit 0
fi

echo "install-deps: missing: ${missing_what[*]}"
if [[ "$(id -u)" != 0 ]]; then
    echo "install-deps: not root, cannot install. As root run:" >&2
    echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing_packages[*]}" >&2
    exit 1
fi

echo "install-deps: installing ${missing_packages[*]}"
apt-get update
# Installing docker.io/nginx tries to start their system services; a policy-rc.d may refuse that.
# That is fine: the lab and the tests start their own engines and nginx instances.
DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing_packages[@]}"

# Check again: an install that "succeeded" but left a tool missing must not pass silently.
still_missing=()
[[ -x /usr/sbin/dockerd ]] || still_missing+=("dockerd")
[[ -x /usr/bin/docker ]] || still_missing+=("/usr/bin/docker")
[[ -x /usr/sbin/nginx ]] || still_missing+=("nginx")
[[ -f /usr/lib/nginx/modules/ngx_http_lua_module.so ]] || still_missing+=("nginx Lua module")
is_static_busybox || still_missing+=("static /bin/busybox")
for tool in containerd runc ip nsenter unshare curl openssl mmdebstrap; do
    command -v "$tool" >/dev/null 2>&1 || still_missing+=("$tool")
done
if (( ${#still_missing[@]} > 0 )); then
    echo "install-deps: still missing after install: ${still_missing[*]}" >&2
    exit 1
fi
echo "install-deps: installed and verified"
