package dev.parley.meeting.timeslot;

import dev.parley.api.ErrorCode;
import dev.parley.common.mongo.MongoDates;
import dev.parley.common.mongo.MongoErrors;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A short lease lock per user in the {@code scheduling_locks} collection ({@code {_id: "user:<id>",
 * token, expiresAt}}), held while the rules that span several slots of one person are checked and
 * applied: "an owner's slots never overlap" and "nobody holds two overlapping bookings". The unique
 * {@code _id} makes acquiring atomic across threads, verticles and service instances without
 * multi-document transactions (which the embedded store does not offer); a holder that died is
 * overtaken once its lease ({@value #LEASE_SECONDS} s) has run out. Waiters retry with jitter and give
 * up with {@link ErrorCode#UNAVAILABLE} after {@link #MAX_WAIT}.
 *
 * <p>Leases use the system clock, not the service's (tests move that one), so that instances agree.
 */
final class UserLocks {

  static final String COLLECTION = "scheduling_locks";
  static final long LEASE_SECONDS = 10;
  static final Duration MAX_WAIT = Duration.ofSeconds(8);

  private final Vertx vertx;
  private final MongoClient mongo;
  private final Clock clock = Clock.systemUTC();

  UserLocks(Vertx vertx, MongoClient mongo) {
    this.vertx = vertx;
    this.mongo = mongo;
  }

  /** Runs {@code work} while holding the user's lock, and releases it whatever the outcome. */
  <T> Future<T> withLock(String userId, Supplier<Future<T>> work) {
    String key = "user:" + userId;
    String token = UUID.randomUUID().toString();
    Instant giveUpAt = clock.instant().plus(MAX_WAIT);
    return acquire(key, token, giveUpAt).compose(held -> {
      Future<T> result;
      try {
        result = work.get();
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      return result.eventually(() -> mongo.removeDocument(COLLECTION, new JsonObject().put("_id", key).put("token", token)));
    });
  }

  private Future<Void> acquire(String key, String token, Instant giveUpAt) {
    Instant now = clock.instant();
    JsonObject lease = new JsonObject().put("token", token).put("expiresAt", MongoDates.of(now.plusSeconds(LEASE_SECONDS)));
    return mongo.insert(COLLECTION, lease.copy().put("_id", key))
        .<Boolean>map(true)
        .recover(err -> {
          if (!MongoErrors.isDuplicateKey(err)) {
            return Future.failedFuture(err);
          }
          // Held: overtake it only if its lease has run out.
          JsonObject expired = new JsonObject().put("_id", key)
              .put("expiresAt", new JsonObject().put("$lt", MongoDates.of(now)));
          return mongo.findOneAndUpdate(COLLECTION, expired, new JsonObject().put("$set", lease)).map(doc -> doc != null);
        })
        .compose(acquired -> {
          if (acquired) {
            return Future.succeededFuture();
          }
          if (clock.instant().isAfter(giveUpAt)) {
            return Future.failedFuture(ErrorCode.UNAVAILABLE.exception("Too many changes at once; try again shortly."));
          }
          Promise<Void> retried = Promise.promise();
          vertx.setTimer(5 + ThreadLocalRandom.current().nextInt(20),
              id -> acquire(key, token, giveUpAt).onComplete(retried));
          return retried.future();
        });
  }
}
