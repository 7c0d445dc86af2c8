package dev.parley.meeting.timeslot;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a series in local wall-clock time into UTC intervals: back-to-back slots of {@code minutes}
 * from {@code from} until {@code to} on each date, placed with {@link ZonedDateTime#of} in the event's
 * zone so that, across a daylight-saving change, 09:00 stays 09:00 local time while its UTC instant
 * moves. A slot whose local start does not exist on a date (inside a spring-forward gap) is left out;
 * an end inside the gap moves forward by the gap, as {@link ZonedDateTime#of} does, so that slot keeps
 * its real length.
 */
final class SlotSeries {

  /** One slot as UTC instants, {@code start} inclusive, {@code end} exclusive. */
  record Interval(Instant start, Instant end) {
    boolean overlaps(Interval other) {
      return start.isBefore(other.end) && other.start.isBefore(end);
    }
  }

  private SlotSeries() {
  }

  /**
   * @param dates the days, in the zone
   * @param from the first slot's local start time
   * @param to the local time the last slot ends by (exclusive of a slot that would run past it)
   * @param minutes each slot's length, also the step between starts
   * @return the slots in date and time order; empty when no slot fits between {@code from} and {@code to}
   */
  static List<Interval> expand(List<LocalDate> dates, LocalTime from, LocalTime to, int minutes, ZoneId zone) {
    List<Interval> slots = new ArrayList<>();
    Duration length = Duration.ofMinutes(minutes);
    for (LocalDate date : dates) {
      for (LocalTime start = from; !start.plus(length).isAfter(to) && !start.plus(length).isBefore(start);
           start = start.plus(length)) {
        ZonedDateTime localStart = ZonedDateTime.of(date, start, zone);
        // A start inside a spring-forward gap does not exist that day: no slot then.
        if (localStart.toLocalTime().equals(start)) {
          ZonedDateTime localEnd = ZonedDateTime.of(date, start.plus(length), zone);
          slots.add(new Interval(localStart.toInstant(), localEnd.toInstant()));
        }
        if (start.plus(length).equals(LocalTime.MIDNIGHT)) {
          break;
        }
      }
    }
    return slots;
  }
}
