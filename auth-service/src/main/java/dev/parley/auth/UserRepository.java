package dev.parley.auth;

import dev.parley.common.SearchKeys;

import dev.parley.common.mongo.MongoDates;
import dev.parley.common.mongo.MongoErrors;

import dev.parley.api.ErrorCode;
import dev.parley.api.auth.UserProfile;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.util.List;

/**
 * The {@code users} collection: {@code {_id: uuid, email (unique), displayName, nameWords,
 * sortName (the directory's folded keys, see {@link SearchKeys}), passwordHash, role, timeZone,
 * createdAt, passwordChangedAt, disabled (absent = false), lastSignInAt}}. Filters are built here from
 * typed values only, never from client JSON (no operator injection).
 */
final class UserRepository {

  static final String COLLECTION = "users";
  private static final int BACKFILL_BATCH = 500;

  private final MongoClient mongo;
  private final DirectoryIndex directory;

  /** @param directory told of every write of an account's directory fields (name, email, disabled, deletion) */
  UserRepository(MongoClient mongo, DirectoryIndex directory) {
    this.mongo = mongo;
    this.directory = directory;
  }

  Future<Void> createIndexes() {
    return mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("email", 1), new IndexOptions().unique(true).name("email_unique"));
  }

  /** Inserts the account; {@link ErrorCode#CONFLICT} when the email is taken. */
  Future<JsonObject> insert(String id, String email, String displayName, String passwordHash, String role, Instant now) {
    JsonObject doc = new JsonObject()
        .put("_id", id)
        .put("email", email)
        .put("displayName", displayName)
        .put("nameWords", new JsonArray(SearchKeys.words(displayName)))
        .put("sortName", SearchKeys.sortKey(displayName))
        .put("passwordHash", passwordHash)
        .put("role", role)
        .put("createdAt", MongoDates.of(now))
        .put("passwordChangedAt", MongoDates.of(now));
    return mongo.insert(COLLECTION, doc)
        .map(ignored -> {
          directory.written(doc);
          return doc;
        })
        .recover(err -> MongoErrors.isDuplicateKey(err)
            ? Future.failedFuture(ErrorCode.CONFLICT.exception("An account with this email already exists."))
            : Future.failedFuture(err));
  }

  Future<JsonObject> findByEmail(String email) {
    return mongo.findOne(COLLECTION, new JsonObject().put("email", email), null);
  }

  Future<JsonObject> findById(String id) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null);
  }

  /** @return the accounts with these ids; missing ones are left out */
  Future<List<JsonObject>> findByIds(List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    JsonObject filter = new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(ids))));
    return mongo.findWithOptions(COLLECTION, filter, new FindOptions().setLimit(ids.size()));
  }

  /** @return the accounts with these (normalised) addresses; missing ones are left out */
  Future<List<JsonObject>> findByEmails(List<String> emails) {
    if (emails.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    JsonObject filter = new JsonObject().put("email", new JsonObject().put("$in", new JsonArray(List.copyOf(emails))));
    return mongo.findWithOptions(COLLECTION, filter, new FindOptions().setLimit(emails.size()));
  }

  Future<Void> updatePassword(String id, String passwordHash, Instant now) {
    return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", id), new JsonObject().put("$set",
            new JsonObject().put("passwordHash", passwordHash).put("passwordChangedAt", MongoDates.of(now))))
        .mapEmpty();
  }

  /** Records a successful sign-in (login or sign-up). */
  Future<Void> signedIn(String id, Instant now) {
    return set(id, new JsonObject().put("lastSignInAt", MongoDates.of(now)));
  }

  /** Sets fields of one account ({@code role}, {@code disabled}, ...); the values are typed by the caller. */
  Future<Void> set(String id, JsonObject fields) {
    return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", id), new JsonObject().put("$set", fields))
        .compose(v -> directory.changed(id));
  }

  /** @return whether no account exists yet */
  Future<Boolean> isEmpty() {
    return mongo.count(COLLECTION, new JsonObject()).map(n -> n == 0);
  }

  /** @return how many enabled admins there are */
  Future<Long> countEnabledAdmins() {
    return mongo.count(COLLECTION, new JsonObject().put("role", "admin").put("disabled", new JsonObject().put("$ne", true)));
  }

  /**
   * One page of accounts ordered by email, for admins.
   *
   * @param emailPrefix lower-case prefix, or null; matched as a range, never as a pattern
   * @param userId an exact id, or null
   * @param role {@code user}, {@code admin} or null
   * @param disabled true, false or null (either)
   * @param after the last email of the previous page, or null
   */
  Future<List<JsonObject>> page(String emailPrefix, String userId, String role, Boolean disabled, String after, int limit) {
    JsonObject email = new JsonObject();
    if (after != null && (emailPrefix == null || after.compareTo(emailPrefix) >= 0)) {
      email.put("$gt", after);
    } else if (emailPrefix != null) {
      email.put("$gte", emailPrefix);
    }
    if (emailPrefix != null) {
      email.put("$lt", emailPrefix + Character.MAX_VALUE);
    }
    JsonObject filter = new JsonObject();
    if (!email.isEmpty()) {
      filter.put("email", email);
    }
    if (userId != null) {
      filter.put("_id", userId);
    }
    if (role != null) {
      filter.put("role", role);
    }
    if (disabled != null) {
      filter.put("disabled", disabled ? Boolean.TRUE : new JsonObject().put("$ne", true));
    }
    return mongo.findWithOptions(COLLECTION, filter, new FindOptions().setSort(new JsonObject().put("email", 1)).setLimit(limit));
  }

  /**
   * Changes display name (and its search keys) and/or time zone; absent values stay as they are.
   *
   * @return the account after the change, or {@code null} when it no longer exists
   */
  Future<JsonObject> updateProfile(String id, String displayName, String timeZone) {
    JsonObject set = new JsonObject();
    if (displayName != null) {
      set.put("displayName", displayName)
          .put("nameWords", new JsonArray(SearchKeys.words(displayName)))
          .put("sortName", SearchKeys.sortKey(displayName));
    }
    if (timeZone != null) {
      set.put("timeZone", timeZone);
    }
    if (set.isEmpty()) {
      return findById(id);
    }
    return mongo.findOneAndUpdateWithOptions(COLLECTION, new JsonObject().put("_id", id), new JsonObject().put("$set", set),
        new io.vertx.ext.mongo.FindOptions(), new io.vertx.ext.mongo.UpdateOptions().setReturningNewDocument(true))
        .onSuccess(updated -> {
          if (updated != null && displayName != null) {
            directory.written(updated);
          }
        });
  }

  /** @return whether an account was deleted */
  Future<Boolean> delete(String id) {
    return mongo.removeDocument(COLLECTION, new JsonObject().put("_id", id)).map(result -> {
      directory.deleted(id);
      return result != null && result.getRemovedCount() > 0;
    });
  }

  /**
   * Gives accounts created before the directory existed their search keys, {@value #BACKFILL_BATCH} at
   * a time; run at start, idempotent (several instances may run it at once).
   *
   * @return how many accounts were given keys
   */
  Future<Integer> backfillSearchKeys() {
    return backfillFrom(0);
  }

  private Future<Integer> backfillFrom(int done) {
    JsonObject missing = new JsonObject().put("sortName", new JsonObject().put("$exists", false));
    return mongo.findWithOptions(COLLECTION, missing, new FindOptions().setLimit(BACKFILL_BATCH)
            .setFields(new JsonObject().put("displayName", 1)))
        .compose(found -> Future.all(found.stream().map(user -> mongo.updateCollection(COLLECTION,
                new JsonObject().put("_id", user.getString("_id")), new JsonObject().put("$set", new JsonObject()
                    .put("nameWords", new JsonArray(SearchKeys.words(user.getString("displayName"))))
                    .put("sortName", SearchKeys.sortKey(user.getString("displayName"))))))
            .toList()).compose(all -> found.size() < BACKFILL_BATCH
                ? Future.succeededFuture(done + found.size())
                : backfillFrom(done + found.size())));
  }

  static UserProfile profile(JsonObject doc) {
    return new UserProfile()
        .setId(doc.getString("_id"))
        .setEmail(doc.getString("email"))
        .setDisplayName(doc.getString("displayName"))
        .setRole(doc.getString("role"))
        .setTimeZone(doc.getString("timeZone"))
        .setCreatedAt(MongoDates.read(doc, "createdAt").toString());
  }
}
