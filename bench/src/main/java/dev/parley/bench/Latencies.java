package dev.parley.bench;

import java.util.Arrays;

/**
 * Collects latencies in microseconds and reports percentiles. Not thread-safe: record from one thread
 * (one event loop) per instance and {@link #addAll} the instances together afterwards.
 */
final class Latencies {

  private long[] values = new long[1 << 16];
  private int count;

  void record(long micros) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = micros;
  }

  /** Adds every value another instance recorded (call once both have stopped recording). */
  void addAll(Latencies other) {
    for (int i = 0; i < other.count; i++) {
      record(other.values[i]);
    }
  }

  int count() {
    return count;
  }

  /** @return the given percentile in milliseconds (nearest rank) */
  double percentileMillis(double percentile) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percentile / 100.0 * count) - 1;
    return sorted[Math.max(0, Math.min(rank, count - 1))] / 1000.0;
  }

  String summary() {
    return String.format("n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms",
        count, percentileMillis(50), percentileMillis(99), percentileMillis(100));
  }
}
