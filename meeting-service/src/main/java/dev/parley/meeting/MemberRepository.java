package dev.parley.meeting;

import dev.parley.common.mongo.MongoDates;
import dev.parley.common.mongo.MongoErrors;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.util.List;

/**
 * The {@code meeting_members} collection: who belongs to which meeting in which role.
 * {@code {_id: meetingId + ":" + memberId, meetingId, memberId (a user id or a guest id), role:
 * host|co-host|participant|guest|removed, displayName, joinedAt, removedAt}}; a {@code removed} entry
 * records that a host removed the person, and is not a membership. The composite {@code _id} makes a person a
 * member of a meeting at most once. Filters are built here from typed values only.
 */
final class MemberRepository {

  static final String COLLECTION = "meeting_members";

  static final String HOST = "host";
  static final String CO_HOST = "co-host";
  static final String PARTICIPANT = "participant";
  static final String GUEST = "guest";
  /** The role of someone a host removed: kept so that they cannot come back, and never a member. */
  static final String REMOVED = "removed";

  private final MongoClient mongo;

  MemberRepository(MongoClient mongo) {
    this.mongo = mongo;
  }

  Future<Void> createIndexes() {
    return mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("memberId", 1).put("joinedAt", -1).put("_id", 1),
            new IndexOptions().name("member_newest_first"))
        .compose(v -> mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("meetingId", 1),
            new IndexOptions().name("meeting")));
  }

  /** @return the membership, or {@code null} when the person is not a member of the meeting */
  Future<JsonObject> find(String meetingId, String memberId) {
    // The id alone would do; naming both parts as well keeps ids that contain ':' from matching by accident.
    JsonObject filter = new JsonObject().put("_id", id(meetingId, memberId)).put("meetingId", meetingId).put("memberId", memberId);
    return mongo.findOne(COLLECTION, filter, null);
  }

  /**
   * Records a membership; fails with a duplicate-key error (see {@link MongoErrors}) when the person
   * already is a member.
   *
   * @return the stored document
   */
  Future<JsonObject> insert(String meetingId, String memberId, String role, String displayName, Instant now) {
    JsonObject doc = new JsonObject()
        .put("_id", id(meetingId, memberId))
        .put("meetingId", meetingId)
        .put("memberId", memberId)
        .put("role", role)
        .put("displayName", displayName)
        .put("joinedAt", MongoDates.of(now));
    return mongo.insert(COLLECTION, doc).map(ignored -> doc);
  }

  /**
   * Makes the person a member with the given role unless they already are one, in which case their
   * membership, and so their role, stays as it was.
   *
   * @return the membership as stored
   */
  Future<JsonObject> admit(String meetingId, String memberId, String role, String displayName, Instant now) {
    return find(meetingId, memberId).compose(existing -> existing != null
        ? Future.succeededFuture(existing)
        : insert(meetingId, memberId, role, displayName, now).recover(err -> MongoErrors.isDuplicateKey(err)
            // A concurrent join of the same person won: theirs is the membership.
            ? find(meetingId, memberId)
            : Future.failedFuture(err)));
  }

  /** Records that the person was removed (whether or not they had joined): their role becomes {@link #REMOVED}. */
  Future<Void> remove(String meetingId, String memberId, Instant now) {
    JsonObject filter = new JsonObject().put("_id", id(meetingId, memberId));
    JsonObject update = new JsonObject()
        .put("$set", new JsonObject().put("role", REMOVED).put("removedAt", MongoDates.of(now)))
        .put("$setOnInsert", new JsonObject().put("meetingId", meetingId).put("memberId", memberId)
            .put("displayName", "").put("joinedAt", MongoDates.of(now)));
    return mongo.updateCollectionWithOptions(COLLECTION, filter, update, new UpdateOptions().setUpsert(true)).mapEmpty();
  }

  /**
   * @param skip how many memberships to pass over, newest first
   * @return at most {@code limit} memberships of the person, most recently joined first
   */
  Future<List<JsonObject>> listByMember(String memberId, int skip, int limit) {
    FindOptions options = new FindOptions()
        .setSort(new JsonObject().put("joinedAt", -1).put("_id", 1))
        .setSkip(skip)
        .setLimit(limit);
    return mongo.findWithOptions(COLLECTION, current(memberId), options);
  }

  Future<Long> countByMember(String memberId) {
    return mongo.count(COLLECTION, current(memberId));
  }

  Future<Void> deleteByMeeting(String meetingId) {
    return mongo.removeDocuments(COLLECTION, new JsonObject().put("meetingId", meetingId)).mapEmpty();
  }

  /** @return the filter of a person's memberships, leaving out meetings they were removed from */
  private static JsonObject current(String memberId) {
    return new JsonObject().put("memberId", memberId).put("role", new JsonObject().put("$ne", REMOVED));
  }

  /**
   * @return the accounts (not guests) who are members of any of the person's {@code meetings} most
   *     recent meetings, the person left out, at most {@code limit}
   */
  Future<List<String>> coMembers(String memberId, int meetings, int limit) {
    return listByMember(memberId, 0, meetings).compose(mine -> {
      if (mine.isEmpty()) {
        return Future.succeededFuture(List.of());
      }
      JsonObject filter = new JsonObject()
          .put("meetingId", new JsonObject().put("$in", new JsonArray(mine.stream().map(m -> m.getString("meetingId")).toList())))
          .put("role", new JsonObject().put("$nin", new JsonArray().add(GUEST).add(REMOVED)));
      return mongo.findWithOptions(COLLECTION, filter, new FindOptions().setFields(new JsonObject().put("memberId", 1)))
          .map(found -> found.stream().map(m -> m.getString("memberId"))
              .filter(id -> !id.equals(memberId)).distinct().limit(limit).toList());
    });
  }

  private static String id(String meetingId, String memberId) {
    return meetingId + ":" + memberId;
  }
}
