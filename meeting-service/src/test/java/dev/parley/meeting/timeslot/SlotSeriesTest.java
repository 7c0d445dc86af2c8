package dev.parley.meeting.timeslot;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Slot series in an event's time zone")
class SlotSeriesTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  @DisplayName("Across the end of summer time (last Sunday of October) 09:00 stays 09:00 local: 07:00 UTC before, 08:00 UTC after")
  void autumnChange() {
    List<SlotSeries.Interval> slots = SlotSeries.expand(List.of(LocalDate.parse("2026-10-24"), LocalDate.parse("2026-10-26")),
        LocalTime.of(9, 0), LocalTime.of(10, 0), 60, BERLIN);

    assertThat(slots).extracting(SlotSeries.Interval::start)
        .containsExactly(Instant.parse("2026-10-24T07:00:00Z"), Instant.parse("2026-10-26T08:00:00Z"));
  }

  @Test
  @DisplayName("On the night of the spring change, slots starting in the missing hour are left out; the others keep their real length")
  void springGap() {
    List<SlotSeries.Interval> slots = SlotSeries.expand(List.of(LocalDate.parse("2026-03-29")),
        LocalTime.of(1, 30), LocalTime.of(3, 30), 30, BERLIN);

    // 02:00 and 02:30 do not exist that night in Berlin (clocks go from 02:00 CET to 03:00 CEST).
    assertThat(slots).containsExactly(
        new SlotSeries.Interval(Instant.parse("2026-03-29T00:30:00Z"), Instant.parse("2026-03-29T01:00:00Z")),
        new SlotSeries.Interval(Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-29T01:30:00Z")));
  }

  @Test
  @DisplayName("Slots run back to back from 'from' and none runs past 'to'")
  void backToBack() {
    List<SlotSeries.Interval> slots = SlotSeries.expand(List.of(LocalDate.parse("2026-05-04")),
        LocalTime.of(9, 0), LocalTime.of(10, 40), 30, BERLIN);

    assertThat(slots).extracting(SlotSeries.Interval::start).containsExactly(
        Instant.parse("2026-05-04T07:00:00Z"), Instant.parse("2026-05-04T07:30:00Z"), Instant.parse("2026-05-04T08:00:00Z"));
    assertThat(slots.get(2).end()).isEqualTo(Instant.parse("2026-05-04T08:30:00Z"));
  }

  @Test
  @DisplayName("A series ending at midnight stops there instead of wrapping round to the next morning")
  void untilMidnight() {
    List<SlotSeries.Interval> slots = SlotSeries.expand(List.of(LocalDate.parse("2026-05-04")),
        LocalTime.of(23, 0), LocalTime.of(23, 59), 30, BERLIN);

    assertThat(slots).hasSize(1);
  }
}
