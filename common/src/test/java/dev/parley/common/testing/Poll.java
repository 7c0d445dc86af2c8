package dev.parley.common.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits in tests for a condition by checking it repeatedly until a deadline (never a fixed sleep standing in for it). */
public final class Poll {

  private static final long INTERVAL_MS = 50;

  private Poll() {
  }

  /**
   * Checks {@code condition} every 50 ms until it holds or {@code timeout} passes.
   *
   * @param whatFor what is awaited, for the failure message
   * @param diagnostics appended to the failure message, e.g. log tails
   * @throws AssertionError when the deadline passes first
   */
  public static void until(String whatFor, Duration timeout, BooleanSupplier condition, Supplier<String> diagnostics)
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

  /** {@link #until(String, Duration, BooleanSupplier, Supplier)} for up to 10 s, without diagnostics. */
  public static void until(String whatFor, BooleanSupplier condition) throws InterruptedException {
    until(whatFor, Duration.ofSeconds(10), condition, () -> "");
  }
}
