package dev.parley.meeting;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that tests set; it also counts its readings, so that a test can wait for work that reads it. */
final class MutableClock extends Clock {

  private final AtomicReference<Instant> now;
  private final AtomicLong readings = new AtomicLong();
  private final AtomicReference<CyclicBarrier> barrier = new AtomicReference<>();

  MutableClock(Instant start) {
    now = new AtomicReference<>(start);
  }

  void set(Instant instant) {
    now.set(instant);
  }

  /**
   * Makes the next two readings wait for each other (at most 5 s), so that two instances that read the
   * clock at the start of their work then race each other for real.
   */
  void pairNextReadings() {
    barrier.set(new CyclicBarrier(2));
  }

  long readings() {
    return readings.get();
  }

  @Override
  public Instant instant() {
    readings.incrementAndGet();
    CyclicBarrier pair = barrier.get();
    if (pair != null) {
      try {
        if (pair.await(5, TimeUnit.SECONDS) == 0) {
          barrier.compareAndSet(pair, null);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (BrokenBarrierException | TimeoutException e) {
        barrier.compareAndSet(pair, null);
      }
    }
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("The meeting service reads instants only");
  }
}
