package dev.parley.signaling;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static dev.parley.signaling.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Route cache of a signaling instance")
class RouteCacheTest {

  private static final Duration TTL = Duration.ofSeconds(10);

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  /** Stands in for Redis: answers from a room whose members and connections a test sets, and counts reads. */
  private static class Store implements Function<List<String>, Future<List<JsonObject>>> {
    final List<String> members = new ArrayList<>(List.of("alice", "bob"));
    String connection = "conn-1";
    int reads;

    @Override
    public Future<List<JsonObject>> apply(List<String> ids) {
      reads++;
      return Future.succeededFuture(ids.stream().map(id -> members.contains(id)
          ? new JsonObject().put(Member.PARTICIPANT_ID, id).put(Member.NODE_ID, "node-1")
              .put(Member.CONNECTION_ID, connection + "-" + id).put(Member.RECONNECTING, false)
          : null).toList());
    }
  }

  private static String room() {
    return UUID.randomUUID().toString();
  }

  @Test
  @DisplayName("serves a room's routes from memory after the first read")
  void servesFromMemory() throws Exception {
    RouteCache cache = new RouteCache(vertx.eventBus(), TTL, new TestClock());
    Store store = new Store();
    String room = room();

    List<RouteCache.Route> first = await(cache.pair(room, "alice", "bob", store));
    List<RouteCache.Route> second = await(cache.pair(room, "bob", "alice", store));

    assertThat(store.reads).isEqualTo(1);
    assertThat(second.get(0)).isEqualTo(first.get(1))
        .isEqualTo(new RouteCache.Route("bob", "node-1", "conn-1-bob", false));
  }

  @Test
  @DisplayName("does not remember who is absent: a non-member is read every time")
  void absencesAreReadAgain() throws Exception {
    RouteCache cache = new RouteCache(vertx.eventBus(), TTL, new TestClock());
    Store store = new Store();
    String room = room();

    assertThat(await(cache.pair(room, "alice", "mallory", store)).get(1)).isNull();
    store.members.add("mallory");

    assertThat(await(cache.pair(room, "alice", "mallory", store)).get(1)).isNotNull();
    assertThat(store.reads).isEqualTo(2);
  }

  @Test
  @DisplayName("a change drops the room at once on this instance and, through the event bus, on the others")
  void changeReachesEveryInstance() throws Exception {
    TestClock clock = new TestClock();
    RouteCache here = new RouteCache(vertx.eventBus(), TTL, clock);
    RouteCache there = new RouteCache(vertx.eventBus(), TTL, clock);
    await(there.listen().completion());
    Store store = new Store();
    String room = room();
    await(here.pair(room, "alice", "bob", store));
    await(there.pair(room, "alice", "bob", store));

    store.connection = "conn-2";
    here.changed(room);

    assertThat(await(here.pair(room, "alice", "bob", store)).get(1).connectionId()).isEqualTo("conn-2-bob");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (there.size() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(there.size()).as("rooms still cached on the other instance").isZero();
    assertThat(await(there.pair(room, "alice", "bob", store)).get(1).connectionId()).isEqualTo("conn-2-bob");
  }

  @Test
  @DisplayName("a read that was under way when the room changed is used once but not kept")
  void readOverlappingAChangeIsNotKept() throws Exception {
    RouteCache cache = new RouteCache(vertx.eventBus(), TTL, new TestClock());
    Store store = new Store();
    String room = room();
    Promise<List<JsonObject>> slow = Promise.promise();
    Store holding = new Store() {
      @Override
      public Future<List<JsonObject>> apply(List<String> ids) {
        reads++;
        return slow.future();
      }
    };

    Future<List<RouteCache.Route>> underWay = cache.pair(room, "alice", "bob", holding);
    cache.changed(room);
    slow.complete(List.of(
        new JsonObject().put(Member.PARTICIPANT_ID, "alice").put(Member.NODE_ID, "n").put(Member.CONNECTION_ID, "old-a"),
        new JsonObject().put(Member.PARTICIPANT_ID, "bob").put(Member.NODE_ID, "n").put(Member.CONNECTION_ID, "old-b")));
    assertThat(await(underWay).get(1).connectionId()).isEqualTo("old-b");

    assertThat(await(cache.pair(room, "alice", "bob", store)).get(1).connectionId()).isEqualTo("conn-1-bob");
    assertThat(store.reads).isEqualTo(1);
  }

  @Test
  @DisplayName("a copy older than its time to live is read again, and pruning forgets it")
  void timeToLive() throws Exception {
    TestClock clock = new TestClock();
    RouteCache cache = new RouteCache(vertx.eventBus(), TTL, clock);
    Store store = new Store();
    String room = room();
    await(cache.pair(room, "alice", "bob", store));

    clock.advance(TTL.plusMillis(1));
    await(cache.pair(room, "alice", "bob", store));
    assertThat(store.reads).isEqualTo(2);

    clock.advance(TTL.plusMillis(1));
    cache.prune();
    assertThat(cache.size()).isZero();
  }
}
