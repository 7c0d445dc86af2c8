#!/usr/bin/env bash
# Builds every service's container image offline: first the base image tarball (deploy/base-image.sh,
# a jlink'd JRE from this machine's JDK), then `jib:buildTar` in each service module against it
# (-Djib.from.image=tar://...), writing <module>/target/jib-image.tar (Docker format, tagged
# parley/<service>:<version>; load it with `docker load -i` or `podman load -i`).
#
# Usage: deploy/build-images.sh [--boot-check]
#   --boot-check  then boots the gateway and the signaling service (against an in-memory MongoDB
#                 wire-protocol server on loopback) from their images
#                 (deploy/boot-check.sh: unpacked root filesystem, unshare + chroot, /health/live, SIGTERM)
# Environment: IMAGE_PREFIX (default parley), JAVA_HOME (the JDK whose runtime goes into the base).
set -euo pipefail
cd "$(dirname "$0")/.."

boot_check=false
[ "${1:-}" = "--boot-check" ] && boot_check=true

services=(gateway auth-service meeting-service chat-service signaling-service file-service)
base=$PWD/deploy/target/parley-jre.tar
started=$(date +%s)
deploy/base-image.sh "$base"
for service in "${services[@]}"; do rm -f "$service/target/jib-image.tar"; done

modules=$(IFS=,; echo "${services[*]}")
# Modules whose image is not ready set jib.skip (file-service until it has a Main).
./mvnw -B -q -pl "$modules" -am package jib:buildTar -DskipTests \
  -Djib.from.image="tar://$base" -Dimage.prefix="${IMAGE_PREFIX:-parley}"

for service in "${services[@]}"; do
  tar=$service/target/jib-image.tar
  if [ -f "$tar" ]; then
    echo "build-images: $tar ($(du -h "$tar" | cut -f1))"
  else
    echo "build-images: $service builds no image (jib.skip in its pom)"
  fi
done
echo "build-images: done in $(( $(date +%s) - started )) s"

if $boot_check; then
  deploy/boot-check.sh gateway/target/jib-image.tar
  # The services create their MongoDB indexes before they report live, so the signaling service boots
  # against a MongoDB wire-protocol server on loopback (common's EmbeddedMongo, from the host's build).
  ./mvnw -B -q -pl common dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$PWD/deploy/target/common.classpath"
  store_log=$PWD/deploy/target/boot-check-store.log
  java -cp "common/target/classes:$(cat deploy/target/common.classpath)" \
    dev.parley.common.embedded.EmbeddedMongo > "$store_log" 2>&1 &
  store_pid=$!
  trap 'kill "$store_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 60); do grep -q '^mongodb://' "$store_log" && break; sleep 0.5; done
  mongo_uri=$(grep -m1 '^mongodb://' "$store_log") || { echo "build-images: the boot check's store did not start" >&2; cat "$store_log" >&2; exit 1; }
  deploy/boot-check.sh signaling-service/target/jib-image.tar PARLEY_MONGO_URI="$mongo_uri"
fi
