package dev.parley.e2e;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition by checking it repeatedly until a deadline ({@link dev.parley.common.testing.Poll}). */
final class Poll {

  private Poll() {
  }

  /**
   * Checks {@code condition} repeatedly until it holds or {@code timeout} passes.
   *
   * @param whatFor what is awaited, for the failure message
   * @param diagnostics appended to the failure message, e.g. log tails
   * @throws AssertionError when the deadline passes first
   */
  static void until(String whatFor, Duration timeout, BooleanSupplier condition, Supplier<String> diagnostics)
      throws InterruptedException {
    dev.parley.common.testing.Poll.until(whatFor, timeout, condition, diagnostics);
  }
}
