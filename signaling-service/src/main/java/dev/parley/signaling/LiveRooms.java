package dev.parley.signaling;

import dev.parley.api.Caller;
import dev.parley.api.auth.AuthService;
import dev.parley.api.meeting.MeetingService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The admin's overview of live rooms (issue 19): rooms are found by walking Redis with {@code SCAN} over
 * {@code parley:room:*:members} (an admin page, not a hot path, so no extra index to keep in step with
 * every join and leave), then described with the meeting service's titles and the auth service's names.
 * At most {@link #MAX_ROOMS} rooms, the fullest first.
 */
final class LiveRooms {

  static final int MAX_ROOMS = 100;
  private static final String PATTERN = "parley:room:*:members";
  private static final int MAX_SCANNED = 100_000;

  private final Redis redis;
  private final RoomStore rooms;
  private final MeetingService meetings;
  private final AuthService auth;

  LiveRooms(Redis redis, RoomStore rooms, MeetingService meetings, AuthService auth) {
    this.redis = redis;
    this.rooms = rooms;
    this.meetings = meetings;
    this.auth = auth;
  }

  /** @return the live rooms as {@link dev.parley.api.signaling.SignalingService#liveRooms} describes them */
  Future<JsonArray> list(Caller admin) {
    return scan("0", new ArrayList<>(), 0).compose(ids -> Future.all(ids.stream().map(this::room).toList()))
        .compose(all -> {
          List<JsonObject> live = all.<JsonObject>list().stream().filter(r -> r != null)
              .sorted(Comparator.comparingInt((JsonObject r) -> r.getInteger("participants")).reversed())
              .limit(MAX_ROOMS).toList();
          List<String> ids = live.stream().map(r -> r.getString("meetingId")).toList();
          return meetings.summaries(ids, admin).compose(summaries -> describe(live, summaries, admin));
        });
  }

  private Future<List<String>> scan(String cursor, List<String> found, int scanned) {
    return redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(PATTERN).arg("COUNT").arg(1000))
        .compose(reply -> {
          Response keys = reply.get(1);
          for (Response key : keys) {
            String text = key.toString();
            found.add(text.substring("parley:room:".length(), text.length() - ":members".length()));
          }
          String next = reply.get(0).toString();
          return "0".equals(next) || scanned + keys.size() >= MAX_SCANNED
              ? Future.succeededFuture(found)
              : scan(next, found, scanned + keys.size());
        });
  }

  /** @return {@code {"meetingId", "participants", "startedAt"}}, or null for an empty or ended room */
  private Future<JsonObject> room(String meetingId) {
    return Future.all(rooms.members(meetingId), rooms.standing(meetingId, "-")).map(both -> {
      List<JsonObject> members = both.resultAt(0);
      RoomStore.Standing standing = both.resultAt(1);
      if (members.isEmpty() || standing.ended()) {
        return null;
      }
      long started = members.stream().mapToLong(m -> m.getLong(Member.JOINED_AT, Long.MAX_VALUE)).min().orElse(0);
      return new JsonObject().put("meetingId", meetingId).put("participants", members.size())
          .put("startedAt", Instant.ofEpochMilli(started).toString());
    });
  }

  private Future<JsonArray> describe(List<JsonObject> live, JsonObject summaries, Caller admin) {
    Map<String, JsonObject> byId = summaries.getJsonArray("items", new JsonArray()).stream()
        .map(JsonObject.class::cast).collect(Collectors.toMap(s -> s.getString("id"), s -> s));
    List<String> hostIds = byId.values().stream().map(s -> s.getString("hostId")).distinct().toList();
    return auth.profiles(hostIds, admin).otherwise(new JsonObject()).map(profiles -> {
      Map<String, String> names = profiles.getJsonArray("items", new JsonArray()).stream().map(JsonObject.class::cast)
          .collect(Collectors.toMap(p -> p.getString("id"), p -> p.getString("displayName"), (a, b) -> a));
      JsonArray out = new JsonArray();
      for (JsonObject room : live) {
        JsonObject summary = byId.get(room.getString("meetingId"));
        if (summary != null) {
          out.add(room.copy().put("title", summary.getString("title")).put("hostId", summary.getString("hostId"))
              .put("hostName", names.get(summary.getString("hostId"))));
        }
      }
      return out;
    });
  }
}
