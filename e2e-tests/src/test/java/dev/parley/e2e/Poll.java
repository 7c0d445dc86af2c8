package dev.parley.e2e;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition by checking it repeatedly until a deadline. */
final class Poll {

  private static final long INTERVAL_MS = 200;

  private Poll() {
  }

  /**
   * Checks {@code condition} every 200 ms until it holds or {@code timeout} passes.
   *
   * @param whatFor what is awaited, for the failure message
   * @param diagnostics appended to the failure message, e.g. log tails
   * @throws AssertionError when the deadline passes first
   */
  static void until(String whatFor, Duration timeout, BooleanSupplier condition, Supplier<String> diagnostics)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + whatFor
            + "\n" + diagnostics.get());
      }
      Thread.sleep(INTERVAL_MS);
    }
  }
}
