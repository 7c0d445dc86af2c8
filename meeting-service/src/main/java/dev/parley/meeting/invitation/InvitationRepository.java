package dev.parley.meeting.invitation;

import dev.parley.common.mongo.MongoDates;
import dev.parley.common.mongo.MongoErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The {@code meeting_invitations} collection: {@code {_id: uuid, meetingId, email (normalised), invitedBy,
 * message (or null), delivery: pending|sent|failed, attempts, userId (the account, once known, or null),
 * accepted: bool, createdAt, sentAt, acceptedAt}}, one per meeting and address (unique index), and
 * {@code meeting_calendars}: {@code {_id: meetingId, sequence, cancelled}}, the iCalendar SEQUENCE of the
 * meeting's calendar entry. Filters are built from typed values only.
 */
final class InvitationRepository {

  static final String COLLECTION = "meeting_invitations";
  static final String CALENDARS = "meeting_calendars";
  static final String PENDING = "pending";
  static final String SENT = "sent";
  static final String FAILED = "failed";

  private final MongoClient mongo;

  InvitationRepository(MongoClient mongo) {
    this.mongo = mongo;
  }

  Future<Void> createIndexes() {
    return mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("meetingId", 1).put("email", 1),
            new IndexOptions().unique(true).name("meeting_email_unique"))
        .compose(v -> mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("email", 1),
            new IndexOptions().name("email")));
  }

  /**
   * Records an invitation of the address to the meeting, or renews the one it has (its mail goes out
   * again: delivery back to pending, the new message and inviter).
   *
   * @return the invitation as stored after the change
   */
  Future<JsonObject> upsert(String meetingId, String email, String invitedBy, String message, Instant now) {
    JsonObject filter = new JsonObject().put("meetingId", meetingId).put("email", email);
    JsonObject update = new JsonObject()
        .put("$set", new JsonObject().put("invitedBy", invitedBy).put("message", message).put("delivery", PENDING)
            .put("attempts", 0))
        .put("$setOnInsert", new JsonObject().put("_id", UUID.randomUUID().toString()).put("accepted", false)
            .put("createdAt", MongoDates.of(now)));
    return mongo.findOneAndUpdateWithOptions(COLLECTION, filter, update, new FindOptions(),
        new UpdateOptions().setUpsert(true).setReturningNewDocument(true));
  }

  Future<JsonObject> find(String meetingId, String invitationId) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", invitationId).put("meetingId", meetingId), null);
  }

  /** @return the meeting's invitations, newest first */
  Future<List<JsonObject>> byMeeting(String meetingId) {
    return mongo.findWithOptions(COLLECTION, new JsonObject().put("meetingId", meetingId),
        new FindOptions().setSort(new JsonObject().put("createdAt", -1).put("_id", 1)));
  }

  /** @return the invitations of the address that have not made an account a member yet */
  Future<List<JsonObject>> openByEmail(String email) {
    return mongo.find(COLLECTION, new JsonObject().put("email", email).put("accepted", false));
  }

  /** Records that the account became a member of the meeting through the invitation. */
  Future<Void> accept(String invitationId, String userId, Instant now) {
    return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", invitationId), new JsonObject().put("$set",
        new JsonObject().put("accepted", true).put("userId", userId).put("acceptedAt", MongoDates.of(now)))).mapEmpty();
  }

  /** Records the outcome of the invitation's mail: {@link #SENT} or {@link #FAILED}, with the attempts it took. */
  Future<Void> delivered(String invitationId, String delivery, int attempts, Instant now) {
    JsonObject set = new JsonObject().put("delivery", delivery).put("attempts", attempts);
    if (SENT.equals(delivery)) {
      set.put("sentAt", MongoDates.of(now));
    }
    return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", invitationId), new JsonObject().put("$set", set))
        .mapEmpty();
  }

  /** Records a failed attempt that will be retried. */
  Future<Void> attempted(String invitationId, int attempts) {
    return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", invitationId),
        new JsonObject().put("$set", new JsonObject().put("attempts", attempts))).mapEmpty();
  }

  Future<Void> delete(String invitationId) {
    return mongo.removeDocument(COLLECTION, new JsonObject().put("_id", invitationId)).mapEmpty();
  }

  Future<Void> deleteByMeeting(String meetingId) {
    return mongo.removeDocuments(COLLECTION, new JsonObject().put("meetingId", meetingId))
        .compose(v -> mongo.removeDocument(CALENDARS, new JsonObject().put("_id", meetingId))).mapEmpty();
  }

  /** @return the meeting's calendar entry {@code {sequence, cancelled}}, or a fresh one (sequence 0) */
  Future<JsonObject> calendar(String meetingId) {
    return mongo.findOne(CALENDARS, new JsonObject().put("_id", meetingId), null)
        .map(found -> found == null ? new JsonObject().put("sequence", 0).put("cancelled", false) : found);
  }

  /**
   * Raises the meeting's calendar SEQUENCE by one (a change or the cancellation), unless the entry was
   * cancelled for good: one conditional update, so that of two cancellations racing (a meeting ended and
   * then deleted) only one goes out.
   *
   * @param cancel whether the entry is cancelled for good from now on
   * @return the entry after the change, or null when it had been cancelled for good already
   */
  Future<JsonObject> nextSequence(String meetingId, boolean cancel) {
    JsonObject filter = new JsonObject().put("_id", meetingId).put("cancelled", new JsonObject().put("$ne", true));
    JsonObject update = new JsonObject().put("$inc", new JsonObject().put("sequence", 1))
        .put("$set", new JsonObject().put("cancelled", cancel));
    return mongo.findOneAndUpdateWithOptions(CALENDARS, filter, update, new FindOptions(),
            new UpdateOptions().setUpsert(true).setReturningNewDocument(true))
        // The upsert met the cancelled entry's _id: cancelled already.
        .recover(err -> MongoErrors.isDuplicateKey(err) ? Future.succeededFuture(null) : Future.failedFuture(err));
  }
}
