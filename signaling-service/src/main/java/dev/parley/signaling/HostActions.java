package dev.parley.signaling;

import dev.parley.api.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * The host actions of {@link dev.parley.api.signaling.SignalingService#hostAction}, performed for an
 * actor already known to be host or co-host (the service checks that, and that the room has not
 * ended). Each action validates its arguments ({@code BAD_REQUEST} naming the field), changes the
 * room in Redis, pushes the frames the contract names, and answers the changed state:
 *
 * <ul>
 *   <li>{@code mute {participantId, hard?}} → {@code {member}}: audio off; {@code hard} force-mutes
 *       (they cannot unmute), a soft mute lifts an earlier force-mute, so it is how a host lets one
 *       person speak under a hard mute-all;</li>
 *   <li>{@code mute-all {hard?}} → {@code {members}} (everyone but the actor);</li>
 *   <li>{@code stop-video {participantId}} → {@code {member}};</li>
 *   <li>{@code remove {participantId}} → {@code {participantId}}: also bars someone not in the room
 *       now; nobody removes the meeting's host, nor themself;</li>
 *   <li>{@code lock {locked}} → {@code {locked}};</li>
 *   <li>{@code end} → {@code {}};</li>
 *   <li>{@code timer {seconds: 1..86400 or null}} → {@code {deadline: epoch ms or null, seconds}};</li>
 *   <li>{@code promote {participantId}} → {@code {member}} (the caller checked that the actor is the host).</li>
 * </ul>
 * Actions on one member answer {@code NOT_FOUND} when that member is not in the room. Room-wide frames
 * reach the actor's own sockets as well, so that every screen shows the same room.
 */
final class HostActions {

  static final List<String> ACTIONS =
      List.of("mute", "mute-all", "stop-video", "remove", "lock", "end", "timer", "promote", "admit", "deny");
  static final int MAX_TIMER_SECONDS = 86_400;

  private static final Logger LOG = LoggerFactory.getLogger(HostActions.class);

  /**
   * Who performs an action.
   *
   * @param role {@code host} or {@code co-host}
   * @param hostId the meeting's host
   */
  record Actor(String participantId, String role, String hostId, String correlationId) {
  }

  private final RoomStore rooms;
  private final Relay relay;
  private final Clock clock;

  HostActions(RoomStore rooms, Relay relay, Clock clock) {
    this.rooms = rooms;
    this.relay = relay;
    this.clock = clock;
  }

  /** Performs one of {@link #ACTIONS}; the arguments are checked here. */
  Future<JsonObject> perform(String meetingId, String action, JsonObject args, Actor actor) {
    return switch (action) {
      case "mute" -> mute(meetingId, target(args), Checks.flag(args, "hard", false));
      case "mute-all" -> muteAll(meetingId, actor, Checks.flag(args, "hard", false));
      case "stop-video" -> stopVideo(meetingId, target(args));
      case "remove" -> remove(meetingId, target(args), actor);
      case "lock" -> lock(meetingId, lockFlag(args), actor);
      case "end" -> end(meetingId, actor);
      case "timer" -> timer(meetingId, seconds(args));
      case "promote" -> promote(meetingId, target(args));
      case "admit" -> decide(meetingId, target(args), true, actor);
      case "deny" -> decide(meetingId, target(args), false, actor);
      default -> throw Checks.invalid("action", "Unknown host action '" + action + "'.");
    };
  }

  private Future<JsonObject> mute(String meetingId, String participantId, boolean hard) {
    JsonObject patch = new JsonObject().put(Member.AUDIO, false).put(Member.FORCE_MUTED, hard);
    return rooms.patch(meetingId, participantId, patch, false).map(patched -> {
      JsonObject member = present(patched.member());
      relay.notify(member, Relay.frame("room.muted", meetingId,
          new JsonObject().put("hard", member.getBoolean(Member.FORCE_MUTED))));
      return updated(meetingId, member, patched.changed());
    });
  }

  private Future<JsonObject> muteAll(String meetingId, Actor actor, boolean hard) {
    return rooms.muteAll(meetingId, actor.participantId(), hard).map(touched -> {
      JsonArray members = new JsonArray();
      for (RoomStore.Touched one : touched) {
        relay.notify(one.member(), Relay.frame("room.muted", meetingId,
            new JsonObject().put("hard", one.member().getBoolean(Member.FORCE_MUTED))));
        members.add(updated(meetingId, one.member(), one.changed()).getJsonObject("member"));
      }
      return new JsonObject().put("members", members);
    });
  }

  private Future<JsonObject> stopVideo(String meetingId, String participantId) {
    return rooms.patch(meetingId, participantId, new JsonObject().put(Member.VIDEO, false), false).map(patched -> {
      JsonObject member = present(patched.member());
      relay.notify(member, Relay.frame("room.video-stopped", meetingId, new JsonObject()));
      return updated(meetingId, member, patched.changed());
    });
  }

  private Future<JsonObject> remove(String meetingId, String participantId, Actor actor) {
    if (participantId.equals(actor.participantId())) {
      throw Checks.invalid("participantId", "You cannot remove yourself; leave the meeting instead.");
    }
    if (participantId.equals(actor.hostId())) {
      throw ErrorCode.FORBIDDEN.exception("The host cannot be removed from their meeting.");
    }
    return rooms.remove(meetingId, participantId).map(member -> {
      LOG.info("{} removed {} from room {} (correlation {})", actor.participantId(), participantId, meetingId,
          actor.correlationId());
      if (member != null) {
        relay.notify(member, Relay.frame("room.removed", meetingId, new JsonObject()));
        relay.toRoom(meetingId, Relay.frame("room.member-left", meetingId,
                new JsonObject().put(Member.PARTICIPANT_ID, participantId).put("reason", "removed")),
            member.getString(Member.CONNECTION_ID));
      }
      return new JsonObject().put(Member.PARTICIPANT_ID, participantId);
    });
  }

  private Future<JsonObject> lock(String meetingId, boolean locked, Actor actor) {
    return rooms.lock(meetingId, locked).map(v -> {
      LOG.info("{} {} room {} (correlation {})", actor.participantId(), locked ? "locked" : "unlocked", meetingId,
          actor.correlationId());
      relay.toRoom(meetingId, Relay.frame("room.locked", meetingId, new JsonObject().put("locked", locked)), null);
      return new JsonObject().put("locked", locked);
    });
  }

  private Future<JsonObject> end(String meetingId, Actor actor) {
    return rooms.end(meetingId).map(v -> {
      LOG.info("{} ended room {} (correlation {})", actor.participantId(), meetingId, actor.correlationId());
      relay.toRoom(meetingId, Relay.frame("room.ended", meetingId, new JsonObject()), null);
      return new JsonObject();
    });
  }

  /** @param seconds null to clear the timer */
  private Future<JsonObject> timer(String meetingId, Integer seconds) {
    Long deadline = seconds == null ? null : clock.millis() + seconds * 1000L;
    return rooms.timer(meetingId, deadline, seconds == null ? 0 : seconds).map(v -> {
      JsonObject timer = new JsonObject().put("deadline", deadline).put("seconds", seconds);
      relay.toRoom(meetingId, Relay.frame("room.timer", meetingId, timer.copy()), null);
      return timer;
    });
  }

  private Future<JsonObject> promote(String meetingId, String participantId) {
    return rooms.promote(meetingId, participantId).map(patched -> {
      if (patched.refused()) {
        throw Checks.invalid("participantId", "That participant is the host already.");
      }
      return updated(meetingId, present(patched.member()), patched.changed());
    });
  }

  /**
   * Lets someone in from the lobby ({@code room.admitted} to them: their client joins again and
   * enters) or turns them away ({@code room.denied}).
   */
  private Future<JsonObject> decide(String meetingId, String participantId, boolean admit, Actor actor) {
    return rooms.decide(meetingId, participantId, admit).map(entry -> {
      if (entry == null) {
        throw ErrorCode.NOT_FOUND.exception("Nobody of that id is waiting to be let in.");
      }
      LOG.info("{} {} {} in room {} (correlation {})", actor.participantId(), admit ? "admitted" : "denied",
          participantId, meetingId, actor.correlationId());
      relay.notify(entry, Relay.frame(admit ? "room.admitted" : "room.denied", meetingId, new JsonObject()));
      announceLobby(meetingId);
      return new JsonObject().put(Member.PARTICIPANT_ID, participantId);
    });
  }

  /** Sends the hosts and co-hosts in the room who is waiting in the lobby: {@code room.lobby {waiting}}. */
  void announceLobby(String meetingId) {
    Future.all(rooms.lobby(meetingId), rooms.members(meetingId)).onSuccess(both -> {
      List<JsonObject> waiting = both.resultAt(0);
      List<JsonObject> members = both.resultAt(1);
      JsonObject data = new JsonObject().put("waiting", lobbyViews(waiting));
      members.stream().filter(member -> Member.isModerator(member.getString(Member.ROLE)))
          .forEach(moderator -> relay.notify(moderator, Relay.frame("room.lobby", meetingId, data.copy())));
    }).onFailure(err -> LOG.warn("Telling room {} about its lobby failed: {}", meetingId, err.getMessage()));
  }

  /** @return {@code [{participantId, displayName}]} of lobby entries, longest waiting first */
  static JsonArray lobbyViews(List<JsonObject> waiting) {
    JsonArray views = new JsonArray();
    waiting.stream().sorted(java.util.Comparator.comparingLong(entry -> entry.getLong(Member.JOINED_AT, 0L)))
        .forEach(entry -> views.add(new JsonObject().put(Member.PARTICIPANT_ID, entry.getString(Member.PARTICIPANT_ID))
            .put(Member.DISPLAY_NAME, entry.getString(Member.DISPLAY_NAME))));
    return views;
  }

  /** Tells the room about a changed member; @return {@code {member}} for the actor */
  private JsonObject updated(String meetingId, JsonObject stored, boolean changed) {
    JsonObject view = Member.view(stored);
    if (changed) {
      relay.toRoom(meetingId, Relay.frame("room.member-updated", meetingId,
          new JsonObject().put("member", view.copy())), null);
    }
    return new JsonObject().put("member", view);
  }

  private static JsonObject present(JsonObject member) {
    if (member == null) {
      throw ErrorCode.NOT_FOUND.exception("That participant is not in the meeting room.");
    }
    return member;
  }

  private static String target(JsonObject args) {
    return Checks.id("participantId", args.getValue("participantId"));
  }

  private static boolean lockFlag(JsonObject args) {
    if (args.getValue("locked") instanceof Boolean locked) {
      return locked;
    }
    throw Checks.invalid("locked", "'locked' must be true or false.");
  }

  private static Integer seconds(JsonObject args) {
    Object value = args.getValue("seconds");
    if (value == null) {
      return null;
    }
    if ((value instanceof Integer || value instanceof Long)
        && ((Number) value).longValue() >= 1 && ((Number) value).longValue() <= MAX_TIMER_SECONDS) {
      return ((Number) value).intValue();
    }
    throw Checks.invalid("seconds", "'seconds' must be a whole number from 1 to " + MAX_TIMER_SECONDS
        + ", or null to clear the timer.");
  }
}
