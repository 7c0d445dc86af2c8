package dev.parley.meeting.timeslot;

import dev.parley.common.Clients;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.mongo.MongoDates;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.common.testing.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-user lease lock on the embedded store, which it relies on for its unique {@code _id} and
 * its conditional {@code findOneAndUpdate} (mongo-java-server applies both atomically per collection).
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Per-user lease locks")
class UserLocksTest {

  private static Vertx vertx;
  private static MongoClient mongo;
  private static UserLocks locks;

  @BeforeAll
  static void start(EmbeddedMongo store, EmbeddedRedis redis, EmbeddedSmtp smtp) {
    vertx = Vertx.vertx();
    mongo = Clients.mongo(vertx, ParleyConfig.of(TestConfig.forStores(store, redis, smtp)));
    locks = new UserLocks(vertx, mongo);
  }

  @AfterAll
  static void close() throws Exception {
    await(vertx.close());
  }

  @Test
  @DisplayName("Twenty concurrent holders of one user's lock run one at a time, and the lock is free afterwards")
  void serialises() throws Exception {
    String user = UUID.randomUUID().toString();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger mostInside = new AtomicInteger();

    List<Future<Integer>> runs = IntStream.range(0, 20).mapToObj(i -> locks.withLock(user, () -> {
      mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
      Promise<Integer> done = Promise.promise();
      vertx.setTimer(5, id -> {
        inside.decrementAndGet();
        done.complete(i);
      });
      return done.future();
    })).toList();
    await(Future.all(runs));

    assertThat(mostInside.get()).isEqualTo(1);
    assertThat(await(mongo.count(UserLocks.COLLECTION, new JsonObject().put("_id", "user:" + user)))).isZero();
  }

  @Test
  @DisplayName("Different users' locks do not wait for each other")
  void independent() throws Exception {
    Promise<Void> release = Promise.promise();
    Future<Void> holding = locks.withLock("a-" + UUID.randomUUID(), release::future);
    String other = await(locks.withLock("b-" + UUID.randomUUID(), () -> Future.succeededFuture("ran")));
    release.complete();
    await(holding);
    assertThat(other).isEqualTo("ran");
  }

  @Test
  @DisplayName("A lock whose holder died is overtaken once its lease has run out, and a failing holder releases it")
  void expiredLease() throws Exception {
    String user = UUID.randomUUID().toString();
    await(mongo.insert(UserLocks.COLLECTION, new JsonObject().put("_id", "user:" + user).put("token", "dead")
        .put("expiresAt", MongoDates.of(Instant.now().minusSeconds(1)))));

    assertThat(await(locks.withLock(user, () -> Future.succeededFuture("overtaken")))).isEqualTo("overtaken");
    Future<Object> failing = locks.withLock(user, () -> Future.failedFuture(new IllegalStateException("boom")));
    await(failing.otherwiseEmpty());
    assertThat(failing.failed()).isTrue();
    assertThat(await(locks.withLock(user, () -> Future.succeededFuture("free again")))).isEqualTo("free again");
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
