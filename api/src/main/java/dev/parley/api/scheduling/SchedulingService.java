package dev.parley.api.scheduling;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * Events with bookable timeslots, served on {@link Addresses#SCHEDULING} by the meeting service.
 *
 * <p>Event JSON: {@code {"id", "title", "description", "startDate", "endDate" (ISO dates, inclusive,
 * in the event's zone), "timeZone" (IANA id), "rangeStart", "rangeEnd" (ISO-8601 instants bounding
 * the range: startDate 00:00 to the day after endDate 00:00 in the zone), "ownerId", "ownerName",
 * "url" (the shareable link {@code <publicUrl>/#/events/<id>}), "mine" (the caller owns it),
 * "createdAt"}}.
 *
 * <p>Timeslot JSON as the owner sees it: {@code {"id", "eventId", "ownerId", "start", "end" (ISO-8601
 * instants in UTC), "status": "open|booked", "booker": {"id", "displayName"} or null, "mine": false}};
 * anyone else sees the same without {@code booker}, except on their own booking, with {@code "mine":
 * true} (see {@link TimeslotView}).
 *
 * <p>Failures ({@link dev.parley.api.ErrorCode}): {@code BAD_REQUEST} naming the field (malformed
 * dates, dates without an offset, slots outside the event's range), {@code UNAUTHORIZED} for callers
 * without an account, {@code NOT_FOUND} for events and slots that do not exist, {@code FORBIDDEN} for
 * non-owners changing an event and for booking one's own slot, {@code CONFLICT} for overlapping slots,
 * a slot that is already booked, a booking overlapping another of the caller's bookings, and joining a
 * call outside its window (the message names the window).
 */
@ProxyGen
@VertxGen
public interface SchedulingService {

  String ADDRESS = Addresses.SCHEDULING;

  /** @return a proxy with a 10 s send timeout */
  static SchedulingService createProxy(Vertx vertx) {
    return new SchedulingServiceVertxEBProxy(vertx, ADDRESS, new DeliveryOptions().setSendTimeout(10_000));
  }

  /**
   * Creates an event owned by the caller.
   *
   * @param draft {@code {"title" (1..200 chars), "description" (≤ 2000), "startDate", "endDate"
   *     (ISO dates, endDate ≥ startDate, at most 366 days), "timeZone" (IANA id, e.g. Europe/Berlin)}}
   * @return the event
   */
  Future<JsonObject> createEvent(JsonObject draft, Caller caller);

  /**
   * @param page 1-based
   * @param size 1..100
   * @return the caller's events, newest first: {@code {"items": [event...], "page", "size", "total"}}
   */
  Future<JsonObject> listEvents(int page, int size, Caller caller);

  /** @return the event; any signed-in account holding its link may see it */
  Future<JsonObject> getEvent(String eventId, Caller caller);

  /** Deletes the event and its slots, cancelling every booking (bookers are mailed); owner only. */
  Future<Void> deleteEvent(String eventId, Caller caller);

  /**
   * Creates slots, all or none; owner only. Either one slot {@code {"start", "end"}} (ISO-8601 with
   * offset, 5 minutes to 24 hours long) or a series {@code {"series": {"dates": ["2030-03-28", ...],
   * "from": "09:00", "to": "12:00", "minutes": 30}}}: back-to-back slots of {@code minutes} (5..480)
   * from {@code from} until {@code to} local time in the event's zone on each date, so that local
   * wall-clock times hold across daylight-saving changes (a slot whose local start does not exist, in
   * a spring-forward gap, is left out). At most 500 slots per call. Every slot must
   * lie inside the event's range and start in the future ({@code BAD_REQUEST}) and overlap none of the
   * owner's slots in any event ({@code CONFLICT}).
   *
   * @return {@code {"items": [slot...]}} in start order
   */
  Future<JsonObject> createTimeslots(String eventId, JsonObject request, Caller caller);

  /**
   * @param from ISO-8601 with offset; slots ending after it
   * @param to ISO-8601 with offset, after {@code from}, at most 62 days later; slots starting before it
   * @return {@code {"items": [slot...]}} in start order, each as the caller may see it
   */
  Future<JsonObject> listTimeslots(String eventId, String from, String to, Caller caller);

  /** Deletes a slot; owner only. A booked slot's booking is cancelled and its booker mailed. */
  Future<Void> deleteTimeslot(String eventId, String slotId, Caller caller);

  /**
   * Books an open slot for the caller. Exactly one of any number of concurrent attempts wins; the
   * others get {@code CONFLICT}. {@code FORBIDDEN} on one's own slot; {@code CONFLICT} when the slot
   * has started or overlaps another booking of the caller.
   *
   * @return the booked slot as the booker sees it
   */
  Future<JsonObject> book(String eventId, String slotId, Caller caller);

  /** Cancels the caller's booking of the slot; {@code NOT_FOUND} when the caller holds none. */
  Future<Void> unbook(String eventId, String slotId, Caller caller);

  /**
   * Opens the call of a booked slot to its owner or booker from 10 minutes before its start until its
   * end. {@code NOT_FOUND} for anyone else, {@code CONFLICT} outside the window.
   *
   * @return {@code {"meetingId", "joinCode", "joinUrl", "opensAt", "closesAt"}}
   */
  Future<JsonObject> join(String eventId, String slotId, Caller caller);

  /**
   * @param page 1-based
   * @param size 1..100
   * @return the caller's bookings by start: {@code {"items": [slot + "eventTitle"...], "page", "size", "total"}}
   */
  Future<JsonObject> listBookings(int page, int size, Caller caller);
}
