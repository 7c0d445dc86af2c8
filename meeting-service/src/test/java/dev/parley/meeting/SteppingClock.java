package dev.parley.meeting;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves one second on each reading, so that every write gets a time of its own. */
final class SteppingClock extends Clock {

  private final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final AtomicLong readings = new AtomicLong();

  @Override
  public Instant instant() {
    return start.plusSeconds(readings.incrementAndGet());
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
