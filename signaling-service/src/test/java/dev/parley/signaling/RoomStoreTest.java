package dev.parley.signaling;

import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.signaling.RoomStore.Joined;
import dev.parley.signaling.RoomStore.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.parley.signaling.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The room store against a real Redis, without the services around it, so that concurrent requests
 * reach Redis together: the checks that must be atomic are tested where a race would show.
 */
@ExtendWith(EmbeddedRedisExtension.class)
@DisplayName("Room state in Redis")
class RoomStoreTest {

  private static Vertx vertx;
  private static Redis redis;
  private static RoomStore rooms;

  @BeforeAll
  static void connect(EmbeddedRedis server) {
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, server.connectionString());
    rooms = new RoomStore(redis, new RouteCache(vertx.eventBus(), Duration.ofSeconds(10), Clock.systemUTC()));
  }

  @AfterAll
  static void close() throws Exception {
    await(vertx.close());
  }

  @Test
  @DisplayName("Ten joins sent together for the last two seats: exactly two get in, eight find the room full")
  void lastSeats() throws Exception {
    String meetingId = UUID.randomUUID().toString();
    await(rooms.join(meetingId, entry("host", "host"), 4, false));
    await(rooms.join(meetingId, entry("first", "participant"), 4, false));

    List<Future<Joined>> joins = IntStream.range(0, 10)
        .mapToObj(i -> rooms.join(meetingId, entry("racer-" + i, "participant"), 4, false)).toList();
    await(Future.all(joins));

    assertThat(joins.stream().map(join -> join.result().outcome()))
        .containsOnly(Outcome.JOINED, Outcome.FULL)
        .filteredOn(outcome -> outcome == Outcome.JOINED).hasSize(2);
    assertThat(await(rooms.members(meetingId))).hasSize(4);
  }

  @Test
  @DisplayName("A room's state lives under its own keys, and the member list expires if nobody joins for a day")
  void keys() throws Exception {
    String meetingId = UUID.randomUUID().toString();
    await(rooms.join(meetingId, entry("host", "host"), 4, false));
    await(rooms.lock(meetingId, true));
    await(rooms.remove(meetingId, "troll"));

    List<String> keys = await(redis.send(Request.cmd(Command.KEYS).arg("*" + meetingId + "*")))
        .stream().map(Object::toString).toList();
    long ttl = await(redis.send(Request.cmd(Command.TTL).arg(RoomStore.membersKey(meetingId)))).toLong();

    assertThat(keys).containsExactlyInAnyOrder("parley:room:" + meetingId + ":members",
        "parley:room:" + meetingId + ":state", "parley:room:" + meetingId + ":removed");
    assertThat(ttl).isBetween(RoomStore.MEMBERS_TTL_SECONDS - 60, RoomStore.MEMBERS_TTL_SECONDS);
  }

  @Test
  @DisplayName("A stored member keeps the gateway node, connection and join time that clients never see")
  void storedEntry() throws Exception {
    String meetingId = UUID.randomUUID().toString();

    JsonObject entry = entry("host", "host");
    Joined joined = await(rooms.join(meetingId, entry, 4, false));

    assertThat(joined.self()).isEqualTo(entry);
    assertThat(Member.view(joined.self()).fieldNames())
        .doesNotContain("nodeId", "connectionId", "joinedAt", "resumeToken");
  }

  private static JsonObject entry(String participantId, String role) {
    return Member.fresh(participantId, "Person " + participantId, role, "node-1", "conn-" + participantId,
        1_893_488_400_000L);
  }
}
