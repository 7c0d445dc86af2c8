package dev.parley.common.log;

import dev.parley.api.ErrorCode;
import dev.parley.common.Clients;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.common.testing.TestConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OrderedLog}'s group commit and bounded queue against the embedded store: bursts of appends to
 * one key, issued in one event-loop turn so that they wait and go out as batches.
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("OrderedLog: group commit and bounded queues")
class OrderedLogTest {

  private static final String COLLECTION = "log_entries";

  private Vertx vertx;
  private MongoClient mongo;

  @BeforeEach
  void start(EmbeddedMongo store, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = Vertx.vertx();
    mongo = Clients.mongo(vertx, ParleyConfig.of(TestConfig.forStores(store, redis, smtp)));
    await(mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("key", 1).put("clientId", 1),
        new IndexOptions().unique(true).name("key_client")));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  @DisplayName("A burst is stored gap-free, each append acknowledged with the seq it is stored at; a resend inside the burst gets the earlier entry")
  void burst() throws Exception {
    OrderedLog log = log();
    await(log.createIndexes());
    String key = "k-" + UUID.randomUUID();
    int count = 600;
    List<Future<OrderedLog.Appended>> appends = onContext(vertx.getOrCreateContext(), () -> {
      List<Future<OrderedLog.Appended>> all = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        all.add(log.append(key, entry("c" + i)));
      }
      all.add(log.append(key, entry("c10")));
      return all;
    });
    await(Future.all(appends));

    Map<String, Long> stored = storedSeqs(key);
    assertThat(stored.values().stream().sorted().toList()).as("gap-free")
        .isEqualTo(LongStream.rangeClosed(1, count).boxed().toList());
    for (int i = 0; i < count; i++) {
      OrderedLog.Appended appended = appends.get(i).result();
      assertThat(appended.stored()).isTrue();
      assertThat(appended.seq()).as("acknowledged seq of c" + i).isEqualTo(stored.get("c" + i));
    }
    OrderedLog.Appended resend = appends.get(count).result();
    assertThat(resend.stored()).as("the resend stored nothing").isFalse();
    assertThat(resend.seq()).isEqualTo(stored.get("c10"));
  }

  @Test
  @DisplayName("Past the waiting bound an append is refused at once with unavailable and retryAfter, and is not stored")
  void bounded() throws Exception {
    OrderedLog log = log();
    await(log.createIndexes());
    String key = "k-" + UUID.randomUUID();
    int accepted = OrderedLog.MAX_WAITING + 1; // one in flight, the rest waiting
    List<Future<OrderedLog.Appended>> appends = onContext(vertx.getOrCreateContext(), () -> {
      List<Future<OrderedLog.Appended>> all = new ArrayList<>();
      for (int i = 0; i <= accepted; i++) {
        all.add(log.append(key, entry("c" + i)));
      }
      return all;
    });
    Future<OrderedLog.Appended> refused = appends.get(accepted);
    assertThat(refused.failed()).as("refused at once, before any write completed").isTrue();
    assertThat(refused.cause()).isInstanceOf(ServiceException.class);
    ServiceException refusal = (ServiceException) refused.cause();
    assertThat(ErrorCode.of(refusal.failureCode())).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(refusal.getDebugInfo().getInteger(ErrorCode.RETRY_AFTER)).isPositive();

    await(Future.all(appends.subList(0, accepted)));
    Map<String, Long> stored = storedSeqs(key);
    assertThat(stored).hasSize(accepted).doesNotContainKey("c" + accepted);
    assertThat(stored.values().stream().sorted().toList()).isEqualTo(LongStream.rangeClosed(1, accepted).boxed().toList());
  }

  @Test
  @DisplayName("Two instances appending bursts to one key race slot by slot and still store 1..n once each")
  void twoInstances() throws Exception {
    OrderedLog first = log();
    OrderedLog second = log();
    await(first.createIndexes());
    String key = "k-" + UUID.randomUUID();
    int rounds = 10;
    int burst = 40;
    List<Future<?>> all = new ArrayList<>();
    Context a = vertx.getOrCreateContext();
    Context b = vertx.getOrCreateContext();
    for (int round = 0; round < rounds; round++) {
      int r = round;
      all.add(Future.all(onContext(a, () -> bursts(first, key, "a" + r + "-", burst))));
      all.add(Future.all(onContext(b, () -> bursts(second, key, "b" + r + "-", burst))));
    }
    await(Future.all(all));
    Map<String, Long> stored = storedSeqs(key);
    assertThat(stored).hasSize(2 * rounds * burst);
    assertThat(stored.values().stream().sorted().toList()).isEqualTo(LongStream.rangeClosed(1, 2L * rounds * burst).boxed().toList());
  }

  private OrderedLog log() {
    return new OrderedLog(mongo, COLLECTION, "key", null, (key, doc) -> mongo.findOne(COLLECTION,
        new JsonObject().put("key", key).put("clientId", doc.getString("clientId")), null));
  }

  private static List<Future<OrderedLog.Appended>> bursts(OrderedLog log, String key, String prefix, int count) {
    List<Future<OrderedLog.Appended>> appends = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      appends.add(log.append(key, entry(prefix + i)));
    }
    return appends;
  }

  private static JsonObject entry(String clientId) {
    return new JsonObject().put("clientId", clientId).put("text", "entry " + clientId);
  }

  private Map<String, Long> storedSeqs(String key) throws Exception {
    List<JsonObject> docs = await(mongo.findWithOptions(COLLECTION, new JsonObject().put("key", key), new FindOptions()));
    return docs.stream().collect(Collectors.toMap(d -> d.getString("clientId"), d -> d.getLong("seq")));
  }

  /** Runs the action on the context's event loop (OrderedLog is confined to one) and returns its result. */
  private static <T> T onContext(Context context, Supplier<T> action) throws Exception {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> result.complete(action.get()));
    return await(result.future());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
