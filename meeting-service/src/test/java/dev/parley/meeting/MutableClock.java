package dev.parley.meeting;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that tests set; it also counts its readings, so that a test can wait for work that reads it. */
final class MutableClock extends Clock {

  private final AtomicReference<Instant> now;
  private final AtomicLong readings = new AtomicLong();

  MutableClock(Instant start) {
    now = new AtomicReference<>(start);
  }

  void set(Instant instant) {
    now.set(instant);
  }

  long readings() {
    return readings.get();
  }

  @Override
  public Instant instant() {
    readings.incrementAndGet();
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
