#!/usr/bin/env bash
# Boots a container image from its own filesystem, without a container runtime, and checks that it
# serves GET /health/live, then that SIGTERM stops it within 30 s.
#
# The image tarball (Docker format, as `jib:buildTar` writes it) is unpacked layer by layer into a root
# directory, which is mounted read-only with a tmpfs on /tmp (as the Kubernetes manifests run it); the
# image's Entrypoint then runs there with the image's Env and User, in its own mount and PID namespaces
# (unshare + chroot), sharing the host's network so that the check can reach it on 127.0.0.1.
#
# Usage: deploy/boot-check.sh IMAGE.tar [NAME=VALUE ...]   (extra environment for the service)
# Needs root (mount namespaces), util-linux's unshare, coreutils' chroot and python3 (JSON, free ports).
set -euo pipefail

image=${1:?usage: boot-check.sh IMAGE.tar [NAME=VALUE ...]}
shift
name=$(basename "$(dirname "$(dirname "$(readlink -f "$image")")")")
work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/image" "$work/rootfs"
tar -xf "$image" -C "$work/image"
# manifest.json lists the layers in order; config.json holds Entrypoint, Cmd, Env, User, WorkingDir.
python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
manifest = json.load(open(os.path.join(work, "image", "manifest.json")))[0]
config = json.load(open(os.path.join(work, "image", manifest["Config"])))["config"]
def nul(name, items):
    with open(os.path.join(work, name), "w") as f:
        f.write("".join(i + "\0" for i in items))
nul("layers", manifest["Layers"])
nul("command", (config.get("Entrypoint") or []) + (config.get("Cmd") or []))
nul("env", config.get("Env") or [])
open(os.path.join(work, "user"), "w").write(config.get("User") or "0:0")
open(os.path.join(work, "workdir"), "w").write(config.get("WorkingDir") or "/")
# What the images promise (issue 18): a non-root user, the HTTP and Hazelcast ports, container-aware JVM flags.
problems = []
if (config.get("User") or "0").split(":")[0] in ("", "0", "root"):
    problems.append("runs as root")
for port in ("8080/tcp", "5701/tcp"):
    if port not in (config.get("ExposedPorts") or {}):
        problems.append("does not expose " + port)
for flag in ("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError"):
    if flag not in (config.get("Entrypoint") or []):
        problems.append("has no " + flag)
if problems:
    sys.exit("boot-check: the image " + ", ".join(problems))
PY
while IFS= read -r -d '' layer; do
  tar --warning=no-unknown-keyword -xf "$work/image/$layer" -C "$work/rootfs"   # Jib writes no whiteouts: plain extraction in order
done < "$work/layers"
mapfile -d '' command < "$work/command"
mapfile -d '' image_env < "$work/env"
user=$(cat "$work/user")
workdir=$(cat "$work/workdir")
root=$work/rootfs
mkdir -p "$root/proc" "$root/tmp" "$root/dev"
for dev in null zero random urandom; do : > "$root/dev/$dev"; done

read -r http_port hz_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')

log=$work/service.log
echo "boot-check: $name: ${command[*]} as $user (HTTP $http_port, Hazelcast $hz_port)"
env -i "${image_env[@]}" PARLEY_HTTP_PORT="$http_port" PARLEY_CLUSTER_PORT="$hz_port" "$@" \
  unshare --mount --pid --fork --kill-child --propagation private -- \
  /bin/sh -c '
    root=$1 user=$2 workdir=$3; shift 3
    mount --bind "$root" "$root" && mount -o remount,bind,ro "$root"
    mount -t proc proc "$root/proc"
    mount -t tmpfs -o mode=1777,size=256m tmpfs "$root/tmp"
    for dev in null zero random urandom; do mount --bind "/dev/$dev" "$root/dev/$dev"; done
    cd "$root$workdir"
    exec /usr/sbin/chroot --userspec="$user" "$root" "$@"' boot "$root" "$user" "$workdir" "${command[@]}" \
  > "$log" 2>&1 &
pid=$!

fail() { echo "boot-check: $name: $*" >&2; echo "---- service output ----" >&2; tail -n 60 "$log" >&2; exit 1; }

started=$(date +%s)
until python3 -c '
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
    sys.exit(0 if r.status == 200 and b"UP" in r.read() else 1)' "http://127.0.0.1:$http_port/health/live" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || fail "exited before /health/live answered"
  [ $(( $(date +%s) - started )) -lt 120 ] || fail "/health/live did not answer within 120 s"
  sleep 1
done
echo "boot-check: $name: /health/live answered UP after $(( $(date +%s) - started )) s"

# The compose health check runs inside the image too (no shell or curl there: a Java probe).
if ! env -i "${image_env[@]}" PARLEY_HTTP_PORT="$http_port" \
    unshare --mount --pid --fork --propagation private -- /bin/sh -c '
      mount -t proc proc "$1/proc"
      for dev in null zero random urandom; do mount --bind "/dev/$dev" "$1/dev/$dev"; done
      exec /usr/sbin/chroot --userspec="$2" "$1" java -Xshare:auto -XX:TieredStopAtLevel=1 -Xmx16m \
        -cp @/app/jib-classpath-file dev.parley.common.ops.HealthProbe /health/live' probe "$root" "$user" \
    >> "$work/probe.log" 2>&1; then
  cat "$work/probe.log" >&2
  fail "the health probe of the compose file failed inside the image"
fi
echo "boot-check: $name: the image's own health probe (dev.parley.common.ops.HealthProbe) reports it live"

# The service runs as PID 1 of its namespace; its host PID is unshare's child.
java_pid=$(cat /proc/"$pid"/task/*/children | awk '{print $1}')
[ -n "$java_pid" ] || fail "could not find the service process"
kill -TERM "$java_pid"
stopping=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  [ $(( $(date +%s) - stopping )) -lt 30 ] || fail "still running 30 s after SIGTERM"
  sleep 0.2
done
wait "$pid" && status=0 || status=$?
grep -q 'shutting down' "$log" || fail "stopped without its shutdown hook (exit status $status)"
echo "boot-check: $name: stopped $(( $(date +%s) - stopping )) s after SIGTERM (exit status $status)"
