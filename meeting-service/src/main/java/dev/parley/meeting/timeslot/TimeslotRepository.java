package dev.parley.meeting.timeslot;

import dev.parley.common.mongo.MongoDates;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Instant;
import java.util.List;

/**
 * The {@code timeslots} collection: {@code {_id: uuid, eventId, ownerId, start, end ($date, UTC),
 * bookerId, bookerName, bookingId, bookedAt (null while open), meetingId, joinCode (the booked slot's
 * call, null until created), reminderSentAt (null until a reminder was claimed), createdAt}}.
 *
 * <p>Booking is decided by one conditional {@code findOneAndUpdate} on a single document
 * ({@code {_id, bookerId: null}} → set the booker): MongoDB applies an update to one document
 * atomically, and so does mongo-java-server, the embedded store (its memory and H2 collections both
 * extend {@code AbstractSynchronizedMongoCollection}, whose {@code findAndModify} is synchronized), so
 * of any number of concurrent attempts exactly one matches. Reminders are claimed the
 * same way ({@code reminderSentAt: null} → now), so that one instance sends each.
 */
final class TimeslotRepository {

  static final String COLLECTION = "timeslots";

  private final MongoClient mongo;

  TimeslotRepository(MongoClient mongo) {
    this.mongo = mongo;
  }

  Future<Void> createIndexes() {
    return Future.all(
        mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("ownerId", 1).put("start", 1), new IndexOptions().name("owner_start")),
        mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("eventId", 1).put("start", 1), new IndexOptions().name("event_start")),
        mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("bookerId", 1).put("start", 1), new IndexOptions().name("booker_start")),
        mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("reminderSentAt", 1).put("start", 1), new IndexOptions().name("reminder_due")))
        .mapEmpty();
  }

  /** @return a new open slot document (not stored) */
  static JsonObject open(String id, String eventId, String ownerId, Instant start, Instant end, Instant now) {
    return new JsonObject()
        .put("_id", id)
        .put("eventId", eventId)
        .put("ownerId", ownerId)
        .put("start", MongoDates.of(start))
        .put("end", MongoDates.of(end))
        .putNull("bookerId")
        .putNull("bookerName")
        .putNull("bookingId")
        .putNull("bookedAt")
        .putNull("meetingId")
        .putNull("joinCode")
        .putNull("reminderSentAt")
        .put("createdAt", MongoDates.of(now));
  }

  Future<Void> insert(JsonObject doc) {
    return mongo.insert(COLLECTION, doc).mapEmpty();
  }

  Future<JsonObject> find(String eventId, String slotId) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", slotId).put("eventId", eventId), null);
  }

  /** @return slots of the event that end after {@code from} and start before {@code to}, by start */
  Future<List<JsonObject>> listByEvent(String eventId, Instant from, Instant to) {
    JsonObject filter = new JsonObject()
        .put("eventId", eventId)
        .put("start", new JsonObject().put("$lt", MongoDates.of(to)))
        .put("end", new JsonObject().put("$gt", MongoDates.of(from)));
    return mongo.findWithOptions(COLLECTION, filter, new FindOptions().setSort(new JsonObject().put("start", 1).put("_id", 1)));
  }

  Future<List<JsonObject>> listAllOfEvent(String eventId) {
    return mongo.find(COLLECTION, new JsonObject().put("eventId", eventId));
  }

  /** @return the owner's slots, in any event, that overlap [from, to) */
  Future<List<JsonObject>> ownerSlotsOverlapping(String ownerId, Instant from, Instant to) {
    return mongo.find(COLLECTION, new JsonObject()
        .put("ownerId", ownerId)
        .put("start", new JsonObject().put("$lt", MongoDates.of(to)))
        .put("end", new JsonObject().put("$gt", MongoDates.of(from))));
  }

  /** @return how many slots the booker holds that overlap [from, to) */
  Future<Long> countBookingsOverlapping(String bookerId, Instant from, Instant to) {
    return mongo.count(COLLECTION, new JsonObject()
        .put("bookerId", bookerId)
        .put("start", new JsonObject().put("$lt", MongoDates.of(to)))
        .put("end", new JsonObject().put("$gt", MongoDates.of(from))));
  }

  /**
   * Books the slot if, and only if, it is still open: the single atomic decision between concurrent
   * attempts.
   *
   * @return the booked slot, or {@code null} when it was already booked or no longer exists
   */
  Future<JsonObject> claim(String eventId, String slotId, String bookerId, String bookerName, String bookingId, Instant now) {
    JsonObject filter = new JsonObject().put("_id", slotId).put("eventId", eventId).putNull("bookerId");
    JsonObject update = new JsonObject().put("$set", new JsonObject()
        .put("bookerId", bookerId)
        .put("bookerName", bookerName)
        .put("bookingId", bookingId)
        .put("bookedAt", MongoDates.of(now))
        .putNull("meetingId")
        .putNull("joinCode")
        .putNull("reminderSentAt"));
    return mongo.findOneAndUpdateWithOptions(COLLECTION, filter, update, new FindOptions(),
        new UpdateOptions().setReturningNewDocument(true));
  }

  /** @return the slot as it was before the booker's booking was removed, or {@code null} when they held none */
  Future<JsonObject> release(String eventId, String slotId, String bookerId) {
    JsonObject filter = new JsonObject().put("_id", slotId).put("eventId", eventId).put("bookerId", bookerId);
    return mongo.findOneAndUpdateWithOptions(COLLECTION, filter, new JsonObject().put("$set", openFields()),
        new FindOptions(), new UpdateOptions().setReturningNewDocument(false));
  }

  /** Records the call of a booking unless the slot has been rebooked or got a call meanwhile. */
  Future<JsonObject> attachMeeting(String slotId, String bookingId, String meetingId, String joinCode) {
    JsonObject filter = new JsonObject().put("_id", slotId).put("bookingId", bookingId).putNull("meetingId");
    JsonObject update = new JsonObject().put("$set", new JsonObject().put("meetingId", meetingId).put("joinCode", joinCode));
    return mongo.findOneAndUpdateWithOptions(COLLECTION, filter, update, new FindOptions(),
        new UpdateOptions().setReturningNewDocument(true));
  }

  /** @return the deleted slot, or {@code null} when there was none */
  Future<JsonObject> delete(String eventId, String slotId) {
    return mongo.findOneAndDelete(COLLECTION, new JsonObject().put("_id", slotId).put("eventId", eventId));
  }

  /** @return at most {@code limit} of the booker's slots by start, after skipping {@code skip} */
  Future<List<JsonObject>> listByBooker(String bookerId, int skip, int limit) {
    return mongo.findWithOptions(COLLECTION, new JsonObject().put("bookerId", bookerId), new FindOptions()
        .setSort(new JsonObject().put("start", 1).put("_id", 1)).setSkip(skip).setLimit(limit));
  }

  Future<Long> countByBooker(String bookerId) {
    return mongo.count(COLLECTION, new JsonObject().put("bookerId", bookerId));
  }

  /** @return booked slots starting in (now, until] whose reminder is not yet claimed */
  Future<List<JsonObject>> dueReminders(Instant now, Instant until, int limit) {
    JsonObject filter = new JsonObject()
        .putNull("reminderSentAt")
        .put("bookingId", new JsonObject().put("$ne", null))
        .put("start", new JsonObject().put("$gt", MongoDates.of(now)).put("$lte", MongoDates.of(until)));
    return mongo.findWithOptions(COLLECTION, filter, new FindOptions().setLimit(limit).setSort(new JsonObject().put("start", 1)));
  }

  /** @return the slot if this caller claimed its reminder, {@code null} when another instance did first */
  Future<JsonObject> claimReminder(String slotId, String bookingId, Instant now) {
    JsonObject filter = new JsonObject().put("_id", slotId).put("bookingId", bookingId).putNull("reminderSentAt");
    JsonObject update = new JsonObject().put("$set", new JsonObject().put("reminderSentAt", MongoDates.of(now)));
    return mongo.findOneAndUpdateWithOptions(COLLECTION, filter, update, new FindOptions(),
        new UpdateOptions().setReturningNewDocument(true));
  }

  private static JsonObject openFields() {
    return new JsonObject()
        .putNull("bookerId")
        .putNull("bookerName")
        .putNull("bookingId")
        .putNull("bookedAt")
        .putNull("meetingId")
        .putNull("joinCode")
        .putNull("reminderSentAt");
  }
}
