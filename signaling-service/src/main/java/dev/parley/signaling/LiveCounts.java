package dev.parley.signaling;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.meeting.MeetingService;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.serviceproxy.ServiceException;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How many people are in each live room, read from the room state in Redis ({@code HLEN} of
 * {@code parley:room:<m>:members}, which counts members whose connection dropped and whose place is
 * kept, and not those waiting in the lobby), so that every signaling instance and gateway sees the same
 * number. After every write to a room's members ({@link RoomStore}) the new count is published on
 * {@link Addresses#liveTopic} as {@code {"type": "live.count", "data": {"meetingId", "participants"}}},
 * a push the gateways hand to the sockets that watch the meeting. Counts carry no names.
 */
final class LiveCounts {

  /** The push type of a changed count. */
  static final String PUSH = "live.count";
  static final int MAX_MEETINGS = 100;

  private final Redis redis;
  private final EventBus bus;
  private final MeetingService meetings;

  LiveCounts(Redis redis, EventBus bus, MeetingService meetings) {
    this.redis = redis;
    this.bus = bus;
    this.meetings = meetings;
  }

  /** Publishes the room's count as it is now; called after each write to its members. */
  void changed(String meetingId) {
    count(meetingId).onSuccess(participants -> bus.publish(Addresses.liveTopic(meetingId), new JsonObject()
        .put("type", PUSH).put("data", new JsonObject().put("meetingId", meetingId).put("participants", participants))));
  }

  /**
   * @return {@code {"counts": {meetingId: participants}}} for the given meetings the caller is a member
   *     of (the meeting service decides); others are left out
   */
  Future<JsonObject> forMembers(List<String> meetingIds, Caller caller) {
    List<String> ids = meetingIds == null ? List.of() : meetingIds.stream().distinct().toList();
    if (ids.size() > MAX_MEETINGS) {
      throw ErrorCode.BAD_REQUEST.exception("Ask for at most " + MAX_MEETINGS + " meetings at once.",
          new JsonObject().put(ErrorCode.FIELD, "meetingIds"));
    }
    List<String> checked = ids.stream().map(id -> Checks.id("meetingIds", id)).toList();
    List<Future<Map.Entry<String, Integer>>> each = checked.stream()
        .map(id -> meetings.get(id, caller)
            .compose(visible -> count(id))
            .<Map.Entry<String, Integer>>map(n -> Map.entry(id, n))
            // Not a member (or no such meeting): left out, revealing nothing.
            .recover(err -> err instanceof ServiceException ? Future.succeededFuture(null) : Future.failedFuture(err)))
        .toList();
    return Future.all(each).map(done -> new JsonObject().put("counts", new JsonObject(each.stream()
        .map(Future::result).filter(entry -> entry != null)
        .collect(Collectors.toMap(Map.Entry::getKey, entry -> (Object) entry.getValue())))));
  }

  /**
   * @return {@code {"meetingId", "title", "participants"}} of the meeting a join link leads to, and
   *     {@code "guest"} when the caller is a guest of it ({@code MeetingService#preview})
   */
  Future<JsonObject> forJoinCode(String joinCode, Caller caller) {
    return meetings.preview(joinCode, caller).compose(meeting -> count(meeting.getString("meetingId"))
        .map(participants -> new JsonObject().put("meetingId", meeting.getString("meetingId"))
            .put("title", meeting.getString("title")).put("participants", participants)
            .put("guest", meeting.getJsonObject("guest"))));
  }

  private Future<Integer> count(String meetingId) {
    return redis.send(Request.cmd(Command.HLEN).arg(RoomStore.membersKey(meetingId))).map(reply -> reply.toInteger());
  }
}
