package dev.parley.meeting.timeslot;

import dev.parley.api.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Reads a request for timeslots ({@code SchedulingService.createTimeslots}): one slot by its instants,
 * or a series in the event's zone (see {@link SlotSeries}), checked in full before anything is
 * written: lengths of {@value #MIN_MINUTES} minutes to 24 hours, at most {@value #MAX_SLOTS} slots,
 * every slot in the future and inside the event's range, none overlapping another of the request.
 */
final class SlotRequests {

  static final int MIN_MINUTES = 5;
  static final int MAX_SLOTS = 500;
  static final int MAX_SERIES_MINUTES = 480;
  static final Duration MIN_SLOT = Duration.ofMinutes(MIN_MINUTES);
  static final Duration MAX_SLOT = Duration.ofHours(24);
  private static final Set<String> SLOT_FIELDS = Set.of("start", "end", "series");
  private static final Set<String> SERIES_FIELDS = Set.of("dates", "from", "to", "minutes");

  private SlotRequests() {
  }

  /**
   * @param request {@code {"start", "end"}} or {@code {"series": {"dates", "from", "to", "minutes"}}}
   *     as the client sent it
   * @param event the event document the slots are for
   * @param now slots must start after this
   * @return the slots in start order, each inside the event's range and none overlapping another
   * @throws ServiceException {@code BAD_REQUEST} naming the field, {@code CONFLICT} when the requested
   *     slots overlap each other
   */
  static List<SlotSeries.Interval> parse(JsonObject request, JsonObject event, Instant now) {
    Fields.rejectUnknown(request, SLOT_FIELDS, "");
    List<SlotSeries.Interval> wanted;
    if (request.containsKey("series")) {
      if (request.containsKey("start") || request.containsKey("end")) {
        throw Fields.invalid("series", "Send either one slot ('start', 'end') or a 'series', not both.");
      }
      wanted = series(request.getValue("series"), ZoneId.of(event.getString("timeZone")));
    } else {
      Instant start = Fields.instant(request.getValue("start"), "start");
      Instant end = Fields.instant(request.getValue("end"), "end");
      wanted = List.of(new SlotSeries.Interval(start, end));
    }
    if (wanted.isEmpty()) {
      throw Fields.invalid("series", "No slot fits between 'from' and 'to'.");
    }
    if (wanted.size() > MAX_SLOTS) {
      throw Fields.invalid("series", "Create at most " + MAX_SLOTS + " slots at once.");
    }
    Instant rangeStart = EventRepository.rangeStart(event);
    Instant rangeEnd = EventRepository.rangeEnd(event);
    String field = request.containsKey("series") ? "series" : "start";
    for (SlotSeries.Interval slot : wanted) {
      if (!slot.start().isAfter(now)) {
        throw Fields.invalid(field, "Slots must start in the future; " + slot.start() + " has passed.");
      }
      Duration length = Duration.between(slot.start(), slot.end());
      if (length.compareTo(MIN_SLOT) < 0 || length.compareTo(MAX_SLOT) > 0) {
        throw Fields.invalid(request.containsKey("series") ? "series" : "end", "A slot lasts from 5 minutes to 24 hours and ends after it starts.");
      }
      if (slot.start().isBefore(rangeStart) || slot.end().isAfter(rangeEnd)) {
        throw Fields.invalid(field, "Every slot must lie within the event's dates, " + event.getString("startDate")
            + " to " + event.getString("endDate") + " (" + event.getString("timeZone") + ").");
      }
    }
    List<SlotSeries.Interval> sorted = wanted.stream().sorted(Comparator.comparing(SlotSeries.Interval::start)).toList();
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i - 1).overlaps(sorted.get(i))) {
        throw ErrorCode.CONFLICT.exception("The requested slots overlap each other.");
      }
    }
    return sorted;
  }

  private static List<SlotSeries.Interval> series(Object value, ZoneId zone) {
    if (!(value instanceof JsonObject series)) {
      throw Fields.invalid("series", "'series' must be an object with 'dates', 'from', 'to' and 'minutes'.");
    }
    Fields.rejectUnknown(series, SERIES_FIELDS, "series.");
    if (!(series.getValue("dates") instanceof JsonArray dateList) || dateList.isEmpty() || dateList.size() > SchedulingServiceImpl.MAX_EVENT_DAYS) {
      throw Fields.invalid("series.dates", "'series.dates' must list 1 to " + SchedulingServiceImpl.MAX_EVENT_DAYS + " dates.");
    }
    List<LocalDate> dates = new ArrayList<>();
    for (Object date : dateList) {
      dates.add(Fields.date(date, "series.dates"));
    }
    LocalTime from = Fields.localTime(series.getValue("from"), "series.from");
    LocalTime to = Fields.localTime(series.getValue("to"), "series.to");
    int minutes = Fields.integer(series.getValue("minutes"), "series.minutes", MIN_MINUTES, MAX_SERIES_MINUTES);
    if (!to.isAfter(from)) {
      throw Fields.invalid("series.to", "'series.to' must be after 'series.from'.");
    }
    return SlotSeries.expand(dates.stream().distinct().sorted().toList(), from, to, minutes, zone);
  }
}
