#!/usr/bin/env bash
# File upload/download throughput and heap growth on the standalone (see bench/README.md, "Files").
# Usage: bench/files-bench.sh gridfs|s3 [heap, default 256m]
# Needs standalone/target/parley.jar (./mvnw -q -DskipTests package) and, for s3,
# file-service/target/s3mock/s3mock.jar (copied there by the file-service build). Everything listens
# on loopback ports found free; every process it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-gridfs}
HEAP=${2:-256m}
WORK=$(mktemp -d /tmp/parley-files-bench.XXXX)
PIDS=()
cleanup() {
  local status=$?
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$status" -ne 0 ]; then mkdir -p /tmp/parley-files-bench-failed && cp "$WORK"/*.log /tmp/parley-files-bench-failed/ 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done; echo "timed out waiting for $1" >&2; exit 1; }

ENV=(PARLEY_HTTP_HOST=127.0.0.1 PARLEY_HTTP_PORT=$(free_port) PARLEY_DATA_DIR="$WORK/data" PARLEY_DEV_MAIL_PORT=-1
     PARLEY_FILE_MAX_BYTES=$((2 << 30)) PARLEY_FILE_QUOTA_BYTES=$((16 << 30)))
if [ "$MODE" = s3 ]; then
  S3_PORT=$(free_port)
  java -Xmx512m -jar file-service/target/s3mock/s3mock.jar --com.adobe.testing.s3mock.httpPort="$S3_PORT" \
    --server.port="$(free_port)" --server.address=127.0.0.1 --com.adobe.testing.s3mock.store.initialBuckets=bench \
    --com.adobe.testing.s3mock.store.root="$WORK/s3" > "$WORK/s3mock.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$S3_PORT/"
  ENV+=(PARLEY_S3_ENDPOINT="http://127.0.0.1:$S3_PORT" PARLEY_S3_BUCKET=bench PARLEY_S3_ACCESS_KEY=bench
        PARLEY_S3_SECRET_KEY=bench PARLEY_S3_PATH_STYLE=true)
fi
PORT=$(printf '%s\n' "${ENV[@]}" | sed -n 's/^PARLEY_HTTP_PORT=//p')
env "${ENV[@]}" java -Xmx"$HEAP" -jar standalone/target/parley.jar > "$WORK/parley.log" 2>&1 &
SERVER=$!
PIDS+=($SERVER)
BASE="http://127.0.0.1:$PORT"
wait_for "$BASE/health/ready"

TOKEN=$(curl -sf "$BASE/api/v1/auth/signup" -H 'content-type: application/json' \
  -d '{"email":"bench@example.com","password":"benchmark files 2026","displayName":"Bench","refreshTokenTransport":"body"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
MEETING=$(curl -sf "$BASE/api/v1/meetings" -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  -d '{"title":"bench"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')

head -c $((1 << 30)) /dev/urandom > "$WORK/1g.bin"
for i in $(seq 1 20); do head -c $((20 << 20)) /dev/urandom > "$WORK/20m-$i.bin"; done

heap_used_mib() { jstat -gc "$SERVER" | awk 'NR==2 { printf "%.0f", ($3+$4+$6+$8)/1024 }'; }
after_gc_mib() { jcmd "$SERVER" GC.run > /dev/null; heap_used_mib; }
# One jstat process samples every 250 ms while the transfer ($1) runs; prints the highest heap use seen, MiB.
sample_peak() {
  jstat -gc "$SERVER" 250 > "$WORK/jstat.txt" &
  local sampler=$!
  while kill -0 "$1" 2>/dev/null; do sleep 0.5; done
  kill "$sampler" 2>/dev/null || true
  awk '$1 ~ /^[0-9.]+$/ { v = ($3+$4+$6+$8)/1024; if (v > peak) peak = v } END { printf "%.0f", peak }' "$WORK/jstat.txt"
}

echo "uploading 1 GiB" >&2
BEFORE=$(after_gc_mib)
START=$(date +%s.%N)
curl -sS -f -o "$WORK/up.json" -X POST -T "$WORK/1g.bin" -H "authorization: Bearer $TOKEN" \
  -H 'content-type: application/octet-stream' "$BASE/api/v1/meetings/$MEETING/files?name=1g.bin" &
UPLOAD=$!
PEAK=$(sample_peak $UPLOAD)
wait $UPLOAD
UP_S=$(echo "$(date +%s.%N) - $START" | bc)
AFTER=$(after_gc_mib)
FILE=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$WORK/up.json")

echo "downloading 1 GiB" >&2
START=$(date +%s.%N)
curl -sf -H "authorization: Bearer $TOKEN" "$BASE/api/v1/files/$FILE" -o /dev/null &
DOWNLOAD=$!
DPEAK=$(sample_peak $DOWNLOAD)
wait $DOWNLOAD
DOWN_S=$(echo "$(date +%s.%N) - $START" | bc)
SHA_OK=$( [ "$(curl -sf -H "authorization: Bearer $TOKEN" "$BASE/api/v1/files/$FILE" | sha256sum | cut -d' ' -f1)" = "$(sha256sum "$WORK/1g.bin" | cut -d' ' -f1)" ] && echo yes || echo NO)

echo "uploading 20 x 20 MiB at once" >&2
START=$(date +%s.%N)
seq 1 20 | xargs -P 20 -I{} curl -sS -f -o /dev/null -X POST -T "$WORK/20m-{}.bin" -H "authorization: Bearer $TOKEN" \
  -H 'content-type: application/octet-stream' "$BASE/api/v1/meetings/$MEETING/files?name=20m-{}.bin"
CONC_S=$(echo "$(date +%s.%N) - $START" | bc)

printf 'store %s, -Xmx%s\n' "$MODE" "$HEAP"
printf '1 GiB upload: %.1f s, %.1f MiB/s; heap after GC %s -> %s MiB, peak used %s MiB\n' "$UP_S" "$(echo "1024 / $UP_S" | bc -l)" "$BEFORE" "$AFTER" "$PEAK"
printf '1 GiB download: %.1f s, %.1f MiB/s (peak heap used %s MiB); second download byte-identical: %s\n' "$DOWN_S" "$(echo "1024 / $DOWN_S" | bc -l)" "$DPEAK" "$SHA_OK"
printf '20 x 20 MiB concurrent uploads: %.1f s, %.1f MiB/s\n' "$CONC_S" "$(echo "400 / $CONC_S" | bc -l)"
