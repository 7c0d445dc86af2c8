package dev.parley.file;

/**
 * One byte range of a file (RFC 9110 §14.1.2), already parsed into numbers by the gateway: {@code
 * start-end}, {@code start-} or the suffix {@code -n}. No range means the whole file.
 */
final class ByteRange {

  private ByteRange() {
  }

  /**
   * @return {@code {first, last}} (inclusive) clipped to the file, or {@code null} when the range
   *     cannot be satisfied (it starts at or past the end, or asks for an empty suffix)
   */
  static long[] resolve(Long start, Long end, Long suffix, long size) {
    if (suffix != null) {
      return suffix <= 0 || size == 0 ? null : new long[] {Math.max(0, size - suffix), size - 1};
    }
    long first = start == null ? 0 : start;
    long last = end == null ? size - 1 : Math.min(end, size - 1);
    return first < 0 || first >= size || last < first ? null : new long[] {first, last};
  }
}
