package dev.parley.meeting.timeslot;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.scheduling.SchedulingService;
import dev.parley.api.scheduling.TimeslotView;
import dev.parley.common.mongo.MongoDates;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Scheduling: see {@link SchedulingService} for the JSON shapes, limits and failure codes.
 *
 * <p>How the rules hold under concurrency, without multi-document transactions:
 * <ul>
 *   <li>one booking per slot: the conditional update {@link TimeslotRepository#claim} decides;</li>
 *   <li>no overlapping bookings of one person, no overlapping slots of one owner: the check and the
 *       write run under that person's {@link UserLocks lock}, so two requests of one person are
 *       serialised while everyone else proceeds in parallel;</li>
 *   <li>a batch of slots is checked in full before the first is written, and written slots are removed
 *       again if a later write fails, so a batch lands whole or not at all.</li>
 * </ul>
 *
 * <p>Each change is published to {@link Addresses#eventTopic} as a push frame {@code {"type":
 * "event.slot-created|slot-deleted|slot-booked|slot-unbooked", "data": {"eventId", "slots": [full
 * slot...]}}}; the gateway narrows each slot to what its viewer may see with {@link TimeslotView}.
 * Mails and the call of a booking are side effects: their failure is logged, the booking stands, and
 * the call is created on first join if it is missing.
 */
final class SchedulingServiceImpl implements SchedulingService {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulingServiceImpl.class);

  static final int MAX_PAGE_SIZE = 100;
  static final long MAX_EVENT_DAYS = 366;
  static final Duration MAX_LIST_RANGE = Duration.ofDays(62);
  /** The call of a booked slot opens this long before its start and closes at its end. */
  static final Duration JOIN_EARLY = Duration.ofMinutes(10);

  private static final Set<String> EVENT_FIELDS = Set.of("title", "description", "startDate", "endDate", "timeZone");
  private static final String NO_SUCH_EVENT = "No such event.";
  private static final String NO_SUCH_SLOT = "No such timeslot.";

  private final EventRepository events;
  private final TimeslotRepository slots;
  private final UserLocks locks;
  private final BookingCalls calls;
  private final BookingMails mails;
  private final EventBus eventBus;
  private final String publicUrl;
  private final Clock clock;

  SchedulingServiceImpl(EventRepository events, TimeslotRepository slots, UserLocks locks, BookingCalls calls,
                        BookingMails mails, EventBus eventBus, String publicUrl, Clock clock) {
    this.events = events;
    this.slots = slots;
    this.locks = locks;
    this.calls = calls;
    this.mails = mails;
    this.eventBus = eventBus;
    this.publicUrl = publicUrl;
    this.clock = clock;
  }

  // ---- events ----

  @Override
  public Future<JsonObject> createEvent(JsonObject draft, Caller caller) {
    if (!isAccount(caller)) {
      return unauthorized("Sign in to create an event.");
    }
    JsonObject doc;
    try {
      doc = eventDocument(draft == null ? new JsonObject() : draft, caller);
    } catch (ServiceException invalid) {
      return Future.failedFuture(invalid);
    }
    return events.insert(doc)
        .map(stored -> eventJson(stored, caller))
        .onSuccess(event -> LOG.info("Event {} created by {} (correlation {})", event.getString("id"),
            caller.getUserId(), caller.getCorrelationId()));
  }

  private JsonObject eventDocument(JsonObject draft, Caller caller) {
    Fields.rejectUnknown(draft, EVENT_FIELDS, "");
    String title = Fields.title(draft.getValue("title"));
    String description = Fields.description(draft.getValue("description"));
    LocalDate startDate = Fields.date(draft.getValue("startDate"), "startDate");
    LocalDate endDate = Fields.date(draft.getValue("endDate"), "endDate");
    ZoneId zone = Fields.zone(draft.getValue("timeZone"), "timeZone");
    if (endDate.isBefore(startDate)) {
      throw Fields.invalid("endDate", "The end date must not be before the start date.");
    }
    if (ChronoUnit.DAYS.between(startDate, endDate) >= MAX_EVENT_DAYS) {
      throw Fields.invalid("endDate", "An event spans at most " + MAX_EVENT_DAYS + " days.");
    }
    Instant now = now();
    return new JsonObject()
        .put("_id", UUID.randomUUID().toString())
        .put("ownerId", caller.getUserId())
        .put("ownerName", caller.getDisplayName())
        .put("title", title)
        .put("description", description)
        .put("startDate", startDate.toString())
        .put("endDate", endDate.toString())
        .put("timeZone", zone.getId())
        .put("rangeStart", MongoDates.of(startDate.atStartOfDay(zone).toInstant()))
        .put("rangeEnd", MongoDates.of(endDate.plusDays(1).atStartOfDay(zone).toInstant()))
        .put("createdAt", MongoDates.of(now));
  }

  @Override
  public Future<JsonObject> listEvents(int page, int size, Caller caller) {
    if (!isAccount(caller)) {
      return unauthorized("Sign in to see your events.");
    }
    return paging(page, size).compose(skip -> {
      Future<List<JsonObject>> found = events.listByOwner(caller.getUserId(), skip, size);
      Future<Long> total = events.countByOwner(caller.getUserId());
      return Future.all(found, total).map(both -> page(found.result().stream().map(e -> eventJson(e, caller)).toList(),
          page, size, total.result()));
    });
  }

  @Override
  public Future<JsonObject> getEvent(String eventId, Caller caller) {
    if (!isAccount(caller)) {
      return unauthorized("Sign in to see this event.");
    }
    return event(eventId).map(event -> eventJson(event, caller));
  }

  @Override
  public Future<Void> deleteEvent(String eventId, Caller caller) {
    if (!isAccount(caller)) {
      return unauthorized("Sign in to delete an event.");
    }
    return ownedEvent(eventId, caller, "Only the owner can delete this event.")
        .compose(event -> slots.listAllOfEvent(eventId).compose(all -> Future.all(all.stream()
                .map(slot -> slots.delete(eventId, slot.getString("_id"))
                    .compose(deleted -> deleted == null ? Future.succeededFuture() : afterDelete(event, deleted)))
                .toList()))
            .compose(done -> events.delete(eventId)))
        .onSuccess(v -> LOG.info("Event {} deleted by {} (correlation {})", eventId, caller.getUserId(), caller.getCorrelationId()));
  }

  // ---- timeslots ----

  @Override
  public Future<JsonObject> createTimeslots(String eventId, JsonObject request, Caller caller) {
    if (!isAccount(caller)) {
      return unauthorized("Sign in to add timeslots.");
    }
    return ownedEvent(eventId, caller, "Only the owner can add timeslots to this event.").compose(event -> {
      List<SlotSeries.Interval> wanted;
      try {
        wanted = SlotRequests.parse(request == null ? new JsonObject() : request, event, now());
      } catch (ServiceException invalid) {
        return Future.failedFuture(invalid);
      }
      String ownerId = caller.getUserId();
      return locks.withLock(ownerId, () -> insertAll(event, ownerId, wanted));
    });
  }

  /** Runs under the owner's lock: checks the owner's other slots, then writes all or nothing. */
  private Future<JsonObject> insertAll(JsonObject event, String ownerId, List<SlotSeries.Interval> wanted) {
    Instant from = wanted.get(0).start();
    Instant to = wanted.stream().map(SlotSeries.Interval::end).max(Comparator.naturalOrder()).orElseThrow();
    return slots.ownerSlotsOverlapping(ownerId, from, to).compose(existing -> {
      List<SlotSeries.Interval> taken = existing.stream()
          .map(doc -> new SlotSeries.Interval(MongoDates.read(doc, "start"), MongoDates.read(doc, "end"))).toList();
      for (SlotSeries.Interval slot : wanted) {
        for (SlotSeries.Interval other : taken) {
          if (slot.overlaps(other)) {
            return Future.failedFuture(ErrorCode.CONFLICT.exception("A slot from " + slot.start() + " to " + slot.end()
                + " overlaps one of your timeslots (" + other.start() + " to " + other.end() + "); nothing was created."));
          }
        }
      }
      Instant now = now();
      List<JsonObject> docs = wanted.stream().map(slot -> TimeslotRepository.open(UUID.randomUUID().toString(),
          event.getString("_id"), ownerId, slot.start(), slot.end(), now)).toList();
      return insertInOrder(docs, 0).map(v -> {
        List<JsonObject> created = docs.stream().map(doc -> slotJson(doc)).toList();
        publish(event.getString("_id"), "event.slot-created", created);
        return new JsonObject().put("items", new JsonArray(created.stream()
            .map(slot -> TimeslotView.forViewer(slot, ownerId)).toList()));
      });
    });
  }

  private Future<Void> insertInOrder(List<JsonObject> docs, int index) {
    if (index == docs.size()) {
      return Future.succeededFuture();
    }
    return slots.insert(docs.get(index))
        .compose(v -> insertInOrder(docs, index + 1))
        .recover(err -> index == 0
            ? Future.failedFuture(err)
            // Take back what was written so that the batch leaves nothing behind.
            : slots.delete(docs.get(index - 1).getString("eventId"), docs.get(index - 1).getString("_id"))
                .transform(undone -> Future.failedFuture(err)));
  }

  @Override
  public Future<JsonObject> listTimeslots(String eventId, String from, String to, Caller caller) {
    if (!isAccount(caller)) {
      return unauthorized("Sign in to see the timeslots.");
    }
    Instant start;
    Instant end;
    try {
      start = Fields.instant(from, "from");
      end = Fields.instant(to, "to");
    } catch (ServiceException invalid) {
      return Future.failedFuture(invalid);
    }
    if (!end.isAfter(start) || Duration.between(start, end).compareTo(MAX_LIST_RANGE) > 0) {
      return Future.failedFuture(Fields.invalid("to", "'to' must be after 'from', at most " + MAX_LIST_RANGE.toDays() + " days later."));
    }
    return event(eventId).compose(event -> slots.listByEvent(eventId, start, end))
        .map(found -> new JsonObject().put("items", new JsonArray(found.stream()
            .map(doc -> TimeslotView.forViewer(slotJson(doc), caller.getUserId())).toList())));
  }

  @Override
  public Future<Void> deleteTimeslot(String eventId, String slotId, Caller caller) {
    if (!isAccount(caller)) {
      return unauthorized("Sign in to delete timeslots.");
    }
    return ownedEvent(eventId, caller, "Only the owner can delete this event's timeslots.")
        .compose(event -> slots.delete(eventId, slotId).compose(deleted -> deleted == null
            ? Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_SLOT))
            : afterDelete(event, deleted)));
  }

  /** Tells viewers a slot is gone and, if it was booked, cancels the booking's call and mails. */
  private Future<Void> afterDelete(JsonObject event, JsonObject deleted) {
    publish(event.getString("_id"), "event.slot-deleted", List.of(slotJson(deleted)));
    if (deleted.getString("bookingId") != null) {
      cancelled(event, deleted);
    }
    return Future.succeededFuture();
  }

  // ---- bookings ----

  @Override
  public Future<JsonObject> book(String eventId, String slotId, Caller caller) {
    if (!isAccount(caller)) {
      return unauthorized("Sign in to book a timeslot.");
    }
    String bookerId = caller.getUserId();
    return event(eventId).compose(event -> slot(eventId, slotId).compose(slot -> {
      if (bookerId.equals(slot.getString("ownerId"))) {
        return Future.failedFuture(ErrorCode.FORBIDDEN.exception("You cannot book your own timeslot."));
      }
      if (slot.getString("bookerId") != null) {
        return Future.failedFuture(alreadyBooked());
      }
      Instant start = MongoDates.read(slot, "start");
      Instant end = MongoDates.read(slot, "end");
      if (!start.isAfter(now())) {
        return Future.failedFuture(ErrorCode.CONFLICT.exception("This timeslot has already started; choose a later one."));
      }
      String bookingId = UUID.randomUUID().toString();
      return locks.withLock(bookerId, () -> slots.countBookingsOverlapping(bookerId, start, end).compose(overlapping -> overlapping > 0
              ? Future.failedFuture(ErrorCode.CONFLICT.exception("You already hold a booking at this time; unbook it first."))
              : slots.claim(eventId, slotId, bookerId, caller.getDisplayName(), bookingId, now())))
          .compose(booked -> booked == null
              ? Future.failedFuture(alreadyBooked())
              : afterBooking(event, booked).map(withCall -> TimeslotView.forViewer(slotJson(withCall), bookerId)));
    }));
  }

  private Future<JsonObject> afterBooking(JsonObject event, JsonObject booked) {
    LOG.info("Timeslot {} of event {} booked by {}", booked.getString("_id"), event.getString("_id"), booked.getString("bookerId"));
    publish(event.getString("_id"), "event.slot-booked", List.of(slotJson(booked)));
    return calls.ensure(event, booked)
        .onComplete(ar -> mails.confirmed(event, booked)
            .onFailure(err -> LOG.warn("Booking mails for timeslot {} were not sent", booked.getString("_id"), err)))
        .otherwise(err -> {
          LOG.warn("The call of timeslot {} was not created; it will be on first join", booked.getString("_id"), err);
          return booked;
        });
  }

  @Override
  public Future<Void> unbook(String eventId, String slotId, Caller caller) {
    if (!isAccount(caller)) {
      return unauthorized("Sign in to manage your bookings.");
    }
    return event(eventId).compose(event -> slots.release(eventId, slotId, caller.getUserId()).compose(before -> {
      if (before == null) {
        return Future.failedFuture(ErrorCode.NOT_FOUND.exception("You hold no booking of this timeslot."));
      }
      JsonObject open = before.copy().put("bookerId", (String) null).put("bookerName", (String) null).put("bookingId", (String) null);
      publish(eventId, "event.slot-unbooked", List.of(slotJson(open)));
      cancelled(event, before);
      return Future.<Void>succeededFuture();
    }));
  }

  /** Ends a booking's call and mails the cancellation; failures are logged. */
  private void cancelled(JsonObject event, JsonObject booked) {
    calls.end(event, booked);
    mails.cancelled(event, booked)
        .onFailure(err -> LOG.warn("Cancellation mails for timeslot {} were not sent", booked.getString("_id"), err));
  }

  @Override
  public Future<JsonObject> join(String eventId, String slotId, Caller caller) {
    if (!isAccount(caller)) {
      return unauthorized("Sign in to join the call.");
    }
    String userId = caller.getUserId();
    return event(eventId).compose(event -> slot(eventId, slotId).compose(slot -> {
      if (slot.getString("bookingId") == null
          || !(userId.equals(slot.getString("ownerId")) || userId.equals(slot.getString("bookerId")))) {
        return Future.failedFuture(ErrorCode.NOT_FOUND.exception("No booking of yours has this timeslot."));
      }
      Instant opensAt = MongoDates.read(slot, "start").minus(JOIN_EARLY);
      Instant closesAt = MongoDates.read(slot, "end");
      Instant now = now();
      if (now.isBefore(opensAt) || !now.isBefore(closesAt)) {
        return Future.failedFuture(ErrorCode.CONFLICT.exception("The call is open from " + opensAt + " until " + closesAt
                + " (10 minutes before the start until the end).",
            new JsonObject().put("opensAt", opensAt.toString()).put("closesAt", closesAt.toString())));
      }
      return calls.ensure(event, slot).map(withCall -> new JsonObject()
          .put("meetingId", withCall.getString("meetingId"))
          .put("joinCode", withCall.getString("joinCode"))
          .put("joinUrl", publicUrl + "/#/join/" + withCall.getString("joinCode"))
          .put("opensAt", opensAt.toString())
          .put("closesAt", closesAt.toString()));
    }));
  }

  @Override
  public Future<JsonObject> listBookings(int page, int size, Caller caller) {
    if (!isAccount(caller)) {
      return unauthorized("Sign in to see your bookings.");
    }
    String userId = caller.getUserId();
    return paging(page, size).compose(skip -> {
      Future<List<JsonObject>> found = slots.listByBooker(userId, skip, size);
      Future<Long> total = slots.countByBooker(userId);
      return Future.all(found, total)
          .compose(both -> events.findByIds(found.result().stream().map(s -> s.getString("eventId")).distinct().toList()))
          .map(eventDocs -> {
            Map<String, JsonObject> byId = eventDocs.stream().collect(Collectors.toMap(e -> e.getString("_id"), Function.identity()));
            List<JsonObject> items = found.result().stream().map(doc -> {
              JsonObject event = byId.get(doc.getString("eventId"));
              return TimeslotView.forViewer(slotJson(doc), userId)
                  .put("eventTitle", event == null ? null : event.getString("title"))
                  .put("timeZone", event == null ? null : event.getString("timeZone"));
            }).toList();
            return page(items, page, size, total.result());
          });
    });
  }

  // ---- reminders (called by Reminders) ----

  /** Sends the reminder of a slot whose reminder this instance has claimed. */
  Future<Void> remind(JsonObject claimed) {
    return events.findById(claimed.getString("eventId")).compose(event -> event == null
        ? Future.succeededFuture()
        : mails.reminder(event, claimed));
  }

  // ---- helpers ----

  private void publish(String eventId, String type, List<JsonObject> changed) {
    eventBus.publish(Addresses.eventTopic(eventId), new JsonObject().put("type", type)
        .put("data", new JsonObject().put("eventId", eventId).put("slots", new JsonArray(changed))));
  }

  private Future<JsonObject> event(String eventId) {
    if (eventId == null || eventId.isBlank()) {
      return Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_EVENT));
    }
    return events.findById(eventId).compose(event -> event == null
        ? Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_EVENT))
        : Future.succeededFuture(event));
  }

  private Future<JsonObject> ownedEvent(String eventId, Caller caller, String forbidden) {
    return event(eventId).compose(event -> caller.getUserId().equals(event.getString("ownerId"))
        ? Future.succeededFuture(event)
        : Future.failedFuture(ErrorCode.FORBIDDEN.exception(forbidden)));
  }

  private Future<JsonObject> slot(String eventId, String slotId) {
    if (slotId == null || slotId.isBlank()) {
      return Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_SLOT));
    }
    return slots.find(eventId, slotId).compose(slot -> slot == null
        ? Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_SLOT))
        : Future.succeededFuture(slot));
  }

  private JsonObject eventJson(JsonObject doc, Caller caller) {
    String id = doc.getString("_id");
    return new JsonObject()
        .put("id", id)
        .put("title", doc.getString("title"))
        .put("description", doc.getString("description", ""))
        .put("startDate", doc.getString("startDate"))
        .put("endDate", doc.getString("endDate"))
        .put("timeZone", doc.getString("timeZone"))
        .put("rangeStart", EventRepository.rangeStart(doc).toString())
        .put("rangeEnd", EventRepository.rangeEnd(doc).toString())
        .put("ownerId", doc.getString("ownerId"))
        .put("ownerName", doc.getString("ownerName"))
        .put("url", publicUrl + "/#/events/" + id)
        .put("mine", caller.getUserId().equals(doc.getString("ownerId")))
        .put("createdAt", MongoDates.read(doc, "createdAt").toString());
  }

  /** @return the full slot, as the owner sees it */
  static JsonObject slotJson(JsonObject doc) {
    String bookerId = doc.getString("bookerId");
    return new JsonObject()
        .put("id", doc.getString("_id"))
        .put("eventId", doc.getString("eventId"))
        .put("ownerId", doc.getString("ownerId"))
        .put("start", MongoDates.read(doc, "start").toString())
        .put("end", MongoDates.read(doc, "end").toString())
        .put("status", bookerId == null ? "open" : "booked")
        .put("booker", bookerId == null ? null : new JsonObject().put("id", bookerId).put("displayName", doc.getString("bookerName")));
  }

  private static JsonObject page(List<JsonObject> items, int page, int size, long total) {
    return new JsonObject().put("items", new JsonArray(items)).put("page", page).put("size", size).put("total", total);
  }

  private static Future<Integer> paging(int page, int size) {
    if (page < 1) {
      return Future.failedFuture(Fields.invalid("page", "page counts from 1."));
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      return Future.failedFuture(Fields.invalid("size", "size must be from 1 to " + MAX_PAGE_SIZE + "."));
    }
    long skip = (long) (page - 1) * size;
    return skip > Integer.MAX_VALUE
        ? Future.failedFuture(Fields.invalid("page", "page is beyond the last item."))
        : Future.succeededFuture((int) skip);
  }

  private static ServiceException alreadyBooked() {
    return ErrorCode.CONFLICT.exception("This timeslot is already booked; choose another one.");
  }

  private static boolean isAccount(Caller caller) {
    return caller != null && caller.isAccount();
  }

  private static <T> Future<T> unauthorized(String message) {
    return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception(message));
  }

  /** @return the time now, to the millisecond MongoDB keeps */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
