#!/usr/bin/env bash
# Builds the two images with deploy/Dockerfile.watcher and deploy/Dockerfile.nginx, exactly as a user would
# (docker build with the SDK and base images as build arguments), on a lab engine, and loads them on every
# node of that lab (no registry: docker save | docker load).
#
#   scripts/build-images.sh                 build (or take from the cache) and load on the lab's nodes
#   scripts/build-images.sh --print-tags    print the image tags and exit
#
# Base images: when DUPSTREAM_SDK_IMAGE / DUPSTREAM_RUNTIME_IMAGE / DUPSTREAM_NGINX_BASE_IMAGE are set, they
# are used as given (e.g. Microsoft's images on a machine that reaches a registry). Otherwise they are made here
# from Debian packages with mmdebstrap (no registry answers on these machines):
#   sdk           Debian 12 minbase + clang, zlib1g-dev (Native AOT's toolchain) + this machine's .NET SDK
#   runtime-deps  only what a Native AOT executable needs: libc6, libssl3, zlib1g, ca-certificates (the PEM
#                 bundle), an 'app' user (uid 1654, as in Microsoft's chiseled images); no shell, no apt
#   nginx-base    Debian 12 minbase (apt, sh), without documentation; the Dockerfile installs nginx into it
# NuGet restore and apt-get inside `docker build` go through the build engine's host network (--network host),
# i.e. the package sources this machine itself uses.
#
# Cache: image tarballs under $DUPSTREAM_IMAGE_CACHE (default /var/cache/dupstream/images), named by a hash of
# everything that goes into them (Dockerfile, build context, base recipe, SDK version). A fresh machine has no
# cache and builds everything; a changed source file rebuilds the image it belongs to.
#
# Environment: DUPSTREAM_LAB_NAME (default dsl) picks the lab (its lab.env); the build runs on its manager.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$(readlink -f "$0")")/.."

WATCHER_TAG=dupstream/dupstream:latest
RECEIVER_TAG=dupstream/nginx:latest
if [[ "${1:-}" == --print-tags ]]; then
    echo "$WATCHER_TAG $RECEIVER_TAG"
    exit 0
fi

NAME="${DUPSTREAM_LAB_NAME:-dsl}"
ENV_FILE="/tmp/$NAME/lab.env"
CACHE="${DUPSTREAM_IMAGE_CACHE:-/var/cache/dupstream/images}"
SUITE=bookworm
DOCKER=/usr/bin/docker
log() { echo "build-images: $*"; }
fail() { echo "build-images: ERROR: $*" >&2; exit 1; }

[[ -f "$ENV_FILE" ]] || fail "no lab '$NAME' is up ($ENV_FILE missing); run scripts/lab.sh up first"
# shellcheck disable=SC1090
source "$ENV_FILE"
BUILD_HOST="$DOCKER_HOST"
NODE_HOSTS=("$DOCKER_HOST")
[[ -z "${LAB_NODE2_DOCKER_HOST:-}" ]] || NODE_HOSTS+=("$LAB_NODE2_DOCKER_HOST")
extras="${LAB_EXTRA_MANAGER_DOCKER_HOSTS:-}"
for extra in ${extras//,/ }; do NODE_HOSTS+=("$extra"); done
mkdir -p "$CACHE"
on() { local host="$1"; shift; DOCKER_HOST="$host" "$DOCKER" "$@"; }

# Documentation, manual pages and translations are not needed in an image.
# merged-usr the bookworm way (usr-is-merged), without the usrmerge package and the perl it pulls in (~50 MB).
SLIM=(--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*'
      --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*')
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
sdk_version="$(dotnet --version)"
# The SDK image trusts the CAs this machine trusts (its package sources may sit behind a TLS proxy with its own CA)
# and checks certificate revocation offline as this machine's NuGet does; it is a build stage only, never shipped.
RECIPE_SDK="minbase clang zlib1g-dev ca-certificates libssl3 + .NET SDK $sdk_version from $dotnet_root + CAs $(sha256sum </etc/ssl/certs/ca-certificates.crt)"
SDK_ENV=(NUGET_CERT_REVOCATION_MODE=offline DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_GENERATE_ASPNET_CERTIFICATE=false
         DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt)
# gconv (iconv's character sets, 8 MB), the openssl program and the single certificates are of no use to an AOT
# executable with invariant globalization; the CA bundle stays.
RECIPE_RUNTIME="extract libc6 libssl3 zlib1g ca-certificates + bundle + app user 1654 + /tmp, without gconv openssl dpkg"
RECIPE_NGINX_BASE="minbase slim"
key_of() { printf '%s\n' "$@" | sha256sum | cut -c1-16; }

# Writes $CACHE/<name>-<key>.tar (a root file system) unless it is there; prints its path.
make_rootfs() {
    local name="$1" recipe="$2" tar
    tar="$CACHE/base-$name-$(key_of "$recipe" "$(declare -f make_rootfs)").tar"
    if [[ -f "$tar" ]]; then echo "$tar"; return 0; fi
    log "making the $name root file system with mmdebstrap (once per machine)" >&2
    rm -rf "$CACHE"/base-"$name"-*.tar
    case "$name" in
        sdk)
            mmdebstrap --quiet --variant=minbase --include=clang,zlib1g-dev,ca-certificates,libssl3,libicu72 "${SLIM[@]}" \
                --customize-hook="cp -a '$dotnet_root' \"\$1/usr/share/dotnet\" && ln -sf /usr/share/dotnet/dotnet \"\$1/usr/bin/dotnet\"" \
                --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
                --customize-hook='cat /etc/ssl/certs/ca-certificates.crt > "$1/etc/ssl/certs/ca-certificates.crt"' \
                "$SUITE" "${tar%.tar}.partial.tar" >&2
            ;;
        runtime-deps)
            # 'extract' unpacks the packages and runs neither maintainer scripts nor customize hooks: into a folder,
            # then the CA bundle, the users and the trimming here.
            local dir
            dir="$(mktemp -d)"
            mmdebstrap --quiet --variant=extract --include=libc6,libssl3,zlib1g,ca-certificates "${SLIM[@]}" \
                "$SUITE" "$dir/rootfs" >&2
            (
                cd "$dir/rootfs"
                cat usr/share/ca-certificates/mozilla/*.crt > etc/ssl/certs/ca-certificates.crt
                printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654:app:/home/app:/sbin/nologin\n' > etc/passwd
                printf 'root:x:0:\napp:x:1654:\n' > etc/group
                mkdir -p tmp home/app && chmod 1777 tmp && chown 1654:1654 home/app
                rm -rf etc/apt var/lib/apt var/cache/apt usr/bin/debconf* usr/share/debconf usr/share/perl5 \
                    usr/lib/x86_64-linux-gnu/gconv usr/bin/openssl usr/bin/c_rehash usr/sbin/update-ca-certificates \
                    usr/share/ca-certificates usr/lib/ssl/misc var/lib/dpkg
            )
            tar --numeric-owner -C "$dir/rootfs" -cf "${tar%.tar}.partial.tar" .
            rm -rf "$dir"
            ;;
        nginx-base)
            mmdebstrap --quiet --variant=minbase "${SLIM[@]}" \
                --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
                "$SUITE" "${tar%.tar}.partial.tar" >&2
            ;;
    esac
    mv "${tar%.tar}.partial.tar" "$tar"
    echo "$tar"
}

# Imports a root file system as <tag> on the build engine unless an image of that tag and key is there.
import_base() {
    local tag="$1" tar="$2" key env changes=()
    shift 2
    for env in "$@"; do changes+=(--change "ENV $env"); done
    key="$(basename "$tar" .tar)"
    if [[ "$(on "$BUILD_HOST" image inspect -f '{{index .Config.Labels "dupstream.base"}}' "$tag" 2>/dev/null || true)" == "$key" ]]; then
        return 0
    fi
    log "importing $tag on the build engine" >&2
    on "$BUILD_HOST" import --change "LABEL dupstream.base=$key" --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        "${changes[@]}" "$tar" "$tag" >/dev/null
}

# Hash of what goes into one image: its Dockerfile and the files of the build context it uses.
context_key() {
    local dockerfile="$1"
    local -a inputs=(Directory.Build.props Directory.Packages.props global.json .dockerignore src/Dupstream.Contracts src/Dupstream.Common "$dockerfile")
    if [[ "$dockerfile" == *nginx* ]]; then
        inputs+=(src/Dupstream.Nginx deploy/receiver-entrypoint.sh deploy/nginx-dupstream.conf deploy/receiver-config.json)
    else
        inputs+=(src/Dupstream)
    fi
    find "${inputs[@]}" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16
}

sdk_image="${DUPSTREAM_SDK_IMAGE:-}"
runtime_image="${DUPSTREAM_RUNTIME_IMAGE:-}"
nginx_base_image="${DUPSTREAM_NGINX_BASE_IMAGE:-}"
# A base's key is its recipe and how it is made (the base tarballs are named the same way).
sdk_key="${sdk_image:-$(key_of "$RECIPE_SDK" "$(declare -f make_rootfs)")}"
runtime_key="${runtime_image:-$(key_of "$RECIPE_RUNTIME" "$(declare -f make_rootfs)")}"
nginx_base_key="${nginx_base_image:-$(key_of "$RECIPE_NGINX_BASE" "$(declare -f make_rootfs)")}"

bases_ready=false
prepare_bases() {
    [[ "$bases_ready" == false ]] || return 0
    if [[ -z "$sdk_image" ]]; then sdk_image=dupstream-local/dotnet-sdk:$sdk_version; import_base "$sdk_image" "$(make_rootfs sdk "$RECIPE_SDK")" "${SDK_ENV[@]}"; fi
    if [[ -z "$runtime_image" ]]; then runtime_image=dupstream-local/runtime-deps:$SUITE; import_base "$runtime_image" "$(make_rootfs runtime-deps "$RECIPE_RUNTIME")"; fi
    if [[ -z "$nginx_base_image" ]]; then nginx_base_image=dupstream-local/debian:$SUITE-slim; import_base "$nginx_base_image" "$(make_rootfs nginx-base "$RECIPE_NGINX_BASE")"; fi
    bases_ready=true
}

# build <tag> <dockerfile> <runtime build arg value>: prints the cached image tarball.
build() {
    local tag="$1" dockerfile="$2" base_key="$3" key tar started
    key="$(key_of "$(context_key "$dockerfile")" "$sdk_key" "$base_key")"
    tar="$CACHE/$(echo "$tag" | tr '/:' '__')-$key.tar"
    if [[ -f "$tar" ]]; then
        log "$tag: up to date in the cache ($(basename "$tar"))" >&2
        echo "$tar"
        return 0
    fi
    prepare_bases
    local runtime="$runtime_image"
    [[ "$dockerfile" == *nginx* ]] && runtime="$nginx_base_image"
    started=$(date +%s)
    log "docker build -f $dockerfile -t $tag (SDK_IMAGE=$sdk_image RUNTIME_IMAGE=$runtime)" >&2
    on "$BUILD_HOST" build --network host --force-rm -f "$dockerfile" -t "$tag" \
        --build-arg SDK_IMAGE="$sdk_image" --build-arg RUNTIME_IMAGE="$runtime" . >&2
    on "$BUILD_HOST" save "$tag" -o "$tar.tmp"
    mv "$tar.tmp" "$tar"
    # Older builds of the same image are of no further use.
    find "$CACHE" -maxdepth 1 -name "$(echo "$tag" | tr '/:' '__')-*.tar" -not -name "$(basename "$tar")" -delete
    log "$tag built in $(( $(date +%s) - started )) s" >&2
    echo "$tar"
}

load_everywhere() {
    local tag="$1" tar="$2" host id
    id="$(tar -xOf "$tar" manifest.json | sed -n 's/.*"Config":"\([0-9a-f]*\)\.json".*/\1/p')"
    for host in "${NODE_HOSTS[@]}"; do
        if [[ "$(on "$host" image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)" == "sha256:$id" ]]; then
            continue
        fi
        log "loading $tag on ${host#unix://}"
        on "$host" load -q -i "$tar" >/dev/null
    done
}

started=$(date +%s)
watcher_tar="$(build "$WATCHER_TAG" deploy/Dockerfile.watcher "$runtime_key")"
receiver_tar="$(build "$RECEIVER_TAG" deploy/Dockerfile.nginx "$nginx_base_key")"
load_everywhere "$WATCHER_TAG" "$watcher_tar"
load_everywhere "$RECEIVER_TAG" "$receiver_tar"
# The build engine keeps the base and build-stage layers while it lives (a rebuild of the same lab reuses them);
# they go with the lab.
log "images ready on ${#NODE_HOSTS[@]} node(s) in $(( $(date +%s) - started )) s: $WATCHER_TAG $RECEIVER_TAG"
