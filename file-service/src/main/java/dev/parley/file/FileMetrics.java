package dev.parley.file;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The file service's counters on {@code /metrics}: {@code parley_file_bytes_total{direction="in|out"}}
 * (bytes stored by finished uploads, bytes sent to downloaders) and
 * {@code parley_file_uploads_total{outcome}} ({@code available}, {@code rejected}, {@code failed},
 * {@code too_large}, {@code over_quota}). Counters are registered once and reused.
 */
final class FileMetrics {

  private final MeterRegistry registry;
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Map<String, Counter> uploads = new ConcurrentHashMap<>();

  FileMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.bytesIn = Counter.builder("parley.file.bytes").tag("direction", "in").register(registry);
    this.bytesOut = Counter.builder("parley.file.bytes").tag("direction", "out").register(registry);
  }

  void bytesIn(long bytes) {
    bytesIn.increment(bytes);
  }

  void bytesOut(long bytes) {
    bytesOut.increment(bytes);
  }

  void upload(String outcome) {
    uploads.computeIfAbsent(outcome, o -> Counter.builder("parley.file.uploads").tag("outcome", o).register(registry)).increment();
  }
}
