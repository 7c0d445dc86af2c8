package dev.parley.signaling;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.common.Audit;
import dev.parley.common.ops.Saturation;
import dev.parley.api.JsonObjectText;
import dev.parley.api.meeting.MeetingService;
import dev.parley.api.signaling.SignalingService;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The signaling service: see {@link SignalingService} for the member JSON, the frames, and the failure
 * codes.
 *
 * <p>Membership, the caller's meeting role, the participant limit and the meeting's status come from
 * the meeting service on join, on host actions and on listing participants; relaying signals,
 * leaving and media updates touch only the room in Redis (a member of the room was a member of the
 * meeting when they joined). A participant promoted to co-host in the room keeps that role there until
 * the room ends. Failures of Redis or of the meeting service reach callers as {@code UNAVAILABLE}.
 */
final class SignalingServiceImpl implements SignalingService {

  private static final Logger LOG = LoggerFactory.getLogger(SignalingServiceImpl.class);
  private final Saturation saturation = new Saturation(LOG, "Live meetings");
  private final LiveRooms liveRooms;
  private final Audit audit;

  /** The largest relayed payload, in bytes of its JSON encoding. */
  static final int MAX_PAYLOAD_BYTES = 16 * 1024;
  private static final String NOT_AN_OBJECT = "'payload' must be an object.";
  private static final String TOO_LARGE = "'payload' must be at most 16 KiB.";
  /** The participant limit when a meeting does not state one (the meeting service's default). */
  static final int DEFAULT_PARTICIPANT_LIMIT = 8;

  private static final Set<String> KINDS = Set.of(OFFER, ANSWER, ICE_CANDIDATE);
  private static final Set<String> MEDIA_FIELDS = Set.of(Member.AUDIO, Member.VIDEO, Member.SCREEN, Member.HAND_RAISED);
  private static final Set<String> LEAVE_REASONS = Set.of("left", "disconnected");
  private static final String ENDED = "This meeting has ended.";
  /** The most grace entries or dead nodes one sweep takes. */
  private static final int SWEEP_BATCH = 200;

  private final MeetingService meetings;
  private final RoomStore rooms;
  private final Relay relay;
  private final HostActions hostActions;
  private final IceServers iceServers;
  private final DirectCalls calls;
  private final SignalMetrics signals;
  private final LiveCounts live;
  private final Duration grace;
  private final Clock clock;

  /**
   * @param grace how long a dropped member keeps their place
   * @param clock the time source for join times, grace and timer deadlines
   */
  SignalingServiceImpl(MeetingService meetings, RoomStore rooms, Relay relay, HostActions hostActions,
                       IceServers iceServers, DirectCalls calls, SignalMetrics signals, Duration grace, Clock clock,
                       LiveRooms liveRooms, Audit audit, LiveCounts live) {
    this.liveRooms = liveRooms;
    this.audit = audit;
    this.calls = calls;
    this.signals = signals;
    this.live = live;
    this.meetings = meetings;
    this.rooms = rooms;
    this.relay = relay;
    this.hostActions = hostActions;
    this.iceServers = iceServers;
    this.grace = grace;
    this.clock = clock;
  }

  @Override
  public Future<JsonObject> join(String meetingId, String nodeId, String connectionId, Caller caller) {
    return serve(caller, () -> {
      String room = Checks.id("meetingId", meetingId);
      String node = Checks.route("nodeId", nodeId);
      String connection = Checks.route("connectionId", connectionId);
      String participantId = Checks.participant(caller);
      return meeting(room, caller).compose(meeting -> {
        if ("ended".equals(meeting.getString("status"))) {
          throw ErrorCode.CONFLICT.exception(ENDED);
        }
        JsonObject settings = meeting.getJsonObject("settings", new JsonObject());
        int limit = settings.getInteger("participantLimit", DEFAULT_PARTICIPANT_LIMIT);
        boolean lobby = Boolean.TRUE.equals(settings.getBoolean("lobby"));
        JsonObject entry = Member.fresh(participantId, displayName(caller),
            meeting.getString("role", Member.PARTICIPANT), node, connection, clock.millis());
        return rooms.join(room, entry, limit, lobby).compose(joined -> {
          if (joined.outcome() == RoomStore.Outcome.WAITING) {
            hostActions.announceLobby(room);
            return Future.succeededFuture(new JsonObject().put("waiting", true));
          }
          JsonObject reply = entered(room, connection, limit, joined);
          return Member.isModerator(joined.self().getString(Member.ROLE))
              ? rooms.lobby(room).map(waiting -> reply.put("lobby", HostActions.lobbyViews(waiting)).put("lobbyOn", lobby))
              : Future.succeededFuture(reply);
        });
      });
    });
  }

  private JsonObject entered(String meetingId, String connectionId, int limit, RoomStore.Joined joined) {
    switch (joined.outcome()) {
      case ENDED -> throw ErrorCode.CONFLICT.exception(ENDED);
      case REMOVED -> throw ErrorCode.FORBIDDEN.exception("You were removed from this meeting.");
      case LOCKED -> throw ErrorCode.FORBIDDEN.exception("The host has locked this meeting.");
      case FULL -> throw ErrorCode.CONFLICT.exception("This meeting is full (" + limit + " people).");
      case REPLACED -> {
        JsonObject previous = joined.previous();
        if (!connectionId.equals(previous.getString(Member.CONNECTION_ID))) {
          relay.notify(previous, Relay.frame("room.replaced", meetingId, new JsonObject()));
        }
      }
      case JOINED -> relay.toRoom(meetingId, Relay.frame("room.member-joined", meetingId,
          new JsonObject().put("member", Member.view(joined.self()))), connectionId);
    }
    return room(joined);
  }

  /** @return the join or resume reply for the member in {@code joined.self()} */
  private JsonObject room(RoomStore.Joined joined) {
    Long deadline = joined.timerDeadline();
    JsonObject timer = deadline == null || deadline <= clock.millis()
        ? null
        : new JsonObject().put("deadline", deadline).put("seconds", joined.timerSeconds());
    return new JsonObject()
        .put("self", Member.view(joined.self()))
        .put("members", Member.views(joined.others()))
        .put("locked", joined.locked())
        .put("timer", timer)
        .put("resumeToken", joined.self().getString(Member.RESUME_TOKEN))
        .put("iceServers", iceServers.forParticipant(joined.self().getString(Member.PARTICIPANT_ID)));
  }

  @Override
  public Future<JsonObject> resume(String meetingId, String resumeToken, String nodeId, String connectionId,
                                   Caller caller) {
    return serve(caller, () -> {
      String room = Checks.id("meetingId", meetingId);
      String node = Checks.route("nodeId", nodeId);
      String connection = Checks.route("connectionId", connectionId);
      String participantId = Checks.participant(caller);
      if (resumeToken == null || resumeToken.isBlank() || resumeToken.length() > 64) {
        throw Checks.invalid("resumeToken", "'resumeToken' must be the one your join returned.");
      }
      return rooms.resume(room, participantId, resumeToken, node, connection).map(resumed -> {
        switch (resumed.outcome()) {
          case ENDED -> throw ErrorCode.CONFLICT.exception(ENDED);
          case RESUMED -> {
          }
          default -> throw ErrorCode.NOT_FOUND.exception("Your place in this meeting is gone; join again.");
        }
        JsonObject previous = resumed.previous();
        if (previous.getBoolean(Member.RECONNECTING, false)) {
          relay.toRoom(room, Relay.frame("room.member-updated", room,
              new JsonObject().put("member", Member.view(resumed.self()))), connection);
        }
        LOG.debug("{} resumed in room {} on connection {}", participantId, room, connection);
        return room(resumed);
      });
    });
  }

  @Override
  public Future<Void> heartbeat(String nodeId) {
    return serve(null, () -> rooms.nodeAlive(Checks.route("nodeId", nodeId),
        clock.millis() + NODE_TTL_SECONDS * 1000L));
  }

  /**
   * Removes the members whose grace ran out and those of gateway nodes that stopped sending heartbeats,
   * telling their rooms; every instance runs this periodically, and each removal is claimed atomically
   * by one of them.
   *
   * @return how many members were removed
   */
  Future<Integer> sweep() {
    long now = clock.millis();
    return rooms.expireGrace(now, SWEEP_BATCH)
        .compose(expired -> rooms.expireNodes(now, SWEEP_BATCH).map(dead -> {
          List<RoomStore.Expired> all = new ArrayList<>(expired);
          all.addAll(dead);
          all.forEach(gone -> announceLeft(gone.meetingId(), gone.participantId(), "disconnected", null));
          return all.size();
        }))
        .compose(removed -> calls.expire(now, SWEEP_BATCH).map(missed -> removed + missed));
  }

  @Override
  public Future<Void> leave(String meetingId, String connectionId, String reason, Caller caller) {
    return serve(caller, () -> {
      String room = Checks.id("meetingId", meetingId);
      String connection = Checks.route("connectionId", connectionId);
      String participantId = Checks.participant(caller);
      if (reason == null || !LEAVE_REASONS.contains(reason)) {
        throw Checks.invalid("reason", "'reason' must be left or disconnected.");
      }
      return rooms.leaveLobby(room, participantId, connection).compose(waited -> {
        if (waited != null) {
          hostActions.announceLobby(room);
          return Future.<Void>succeededFuture();
        }
        return left(room, participantId, connection, reason);
      });
    });
  }

  /** A member leaves the room: at once, or after the grace when their socket dropped. */
  private Future<Void> left(String room, String participantId, String connection, String reason) {
    if ("disconnected".equals(reason)) {
      return dropped(room, participantId, connection);
    }
    return rooms.leave(room, participantId, connection)
        .map(left -> {
          if (left != null) {
            announceLeft(room, participantId, reason, connection);
          }
          return null;
        });
  }

  @Override
  public Future<Void> signal(String meetingId, String to, String kind, JsonObject payload, Caller caller) {
    return signal(meetingId, to, kind, caller, () -> {
      if (payload == null) {
        throw Checks.invalid("payload", NOT_AN_OBJECT);
      }
      if (!JsonSize.fits(payload, MAX_PAYLOAD_BYTES)) {
        throw Checks.invalid("payload", TOO_LARGE);
      }
      return payload.encode();
    });
  }

  @Override
  public Future<Void> signalText(String meetingId, String to, String kind, String payload, Caller caller) {
    return signal(meetingId, to, kind, caller, () -> payloadText(objectText(payload)));
  }

  /**
   * {@link #signalText} for a payload checked on its way in: a {@link dev.parley.api.signaling.LocalSignal}
   * from the gateway on this instance's event loop.
   */
  Future<Void> relay(String meetingId, String to, String kind, JsonObjectText payload, Caller caller) {
    return signal(meetingId, to, kind, caller, () -> payloadText(payload));
  }

  /** @return the text as a checked object, or null when it is not exactly one JSON object */
  private static JsonObjectText objectText(String text) {
    try {
      return text == null ? null : JsonObjectText.of(text);
    } catch (DecodeException e) {
      return null;
    }
  }

  /** @return the payload's text; refused unless it is an object of at most {@link #MAX_PAYLOAD_BYTES} as UTF-8 */
  private static String payloadText(JsonObjectText payload) {
    if (payload == null) {
      throw Checks.invalid("payload", NOT_AN_OBJECT);
    }
    if (!JsonText.fits(payload.text(), MAX_PAYLOAD_BYTES)) {
      throw Checks.invalid("payload", TOO_LARGE);
    }
    return payload.text();
  }

  /**
   * The checks and relay of {@link #signal} and {@link #signalText}.
   *
   * @param payload checks the payload and returns its JSON text, or throws the refusal
   */
  private Future<Void> signal(String meetingId, String to, String kind, Caller caller, Supplier<String> payload) {
    return serve(caller, () -> {
      String room = Checks.id("meetingId", meetingId);
      String target = Checks.id("to", to);
      String from = Checks.participant(caller);
      if (kind == null || !KINDS.contains(kind)) {
        throw Checks.invalid("kind", "'kind' must be offer, answer or ice-candidate.");
      }
      String text = payload.get();
      if (target.equals(from)) {
        throw Checks.invalid("to", "Signals go to another participant, not to yourself.");
      }
      return relaySignal(room, from, target, Relay.signalFrame(room, from, kind, text), null);
    }).onComplete(signals::record);
  }

  /**
   * Looks both members up ({@link RoomStore#pair}, usually from this instance's route cache) and
   * delivers the frame to the recipient's socket.
   *
   * @param gone the route a first attempt found no socket at, or null: a cached route may predate the
   *     recipient's resume on another socket, so a socket that is gone is looked up once more in Redis
   *     before the recipient counts as dropped
   */
  private Future<Void> relaySignal(String room, String from, String target, String frame, RouteCache.Route gone) {
    return rooms.pair(room, from, target).compose(pair -> {
      if (pair.get(0) == null) {
        throw ErrorCode.FORBIDDEN.exception("Join the meeting before sending signals.");
      }
      RouteCache.Route recipient = pair.get(1);
      if (recipient == null) {
        throw ErrorCode.FORBIDDEN.exception("That participant is not in this meeting.");
      }
      if (recipient.reconnecting() || recipient.equals(gone)) {
        return undelivered(room, recipient);
      }
      return relay.toConnection(recipient.nodeId(), recipient.connectionId(), frame).recover(err -> {
        if (!Relay.socketGone(err)) {
          LOG.warn("Relay to connection {} in room {} failed: {}", recipient.connectionId(), room, err.getMessage());
          return Future.failedFuture(ErrorCode.UNAVAILABLE.exception("That participant could not be reached; try again."));
        }
        if (gone == null) {
          rooms.refresh(room);
          return relaySignal(room, from, target, frame, recipient);
        }
        return undelivered(room, recipient);
      });
    });
  }

  /** A signal whose recipient's socket is gone: it takes them out of the room (for the grace period). */
  private Future<Void> undelivered(String meetingId, RouteCache.Route recipient) {
    Future<Void> marked = recipient.reconnecting()
        ? Future.succeededFuture()
        : dropped(meetingId, recipient.participantId(), recipient.connectionId());
    return marked.compose(v -> Future.failedFuture(
        ErrorCode.CONFLICT.exception("That participant is reconnecting; try again shortly.")));
  }

  /** A member's socket dropped: their place is kept for the grace period and the room sees them reconnecting. */
  private Future<Void> dropped(String meetingId, String participantId, String connectionId) {
    return rooms.disconnect(meetingId, participantId, connectionId, clock.millis() + grace.toMillis())
        .map(member -> {
          if (member != null) {
            relay.toRoom(meetingId, Relay.frame("room.member-updated", meetingId,
                new JsonObject().put("member", Member.view(member))), connectionId);
          }
          return null;
        });
  }

  @Override
  public Future<JsonObject> updateSelf(String meetingId, JsonObject changes, Caller caller) {
    return serve(caller, () -> {
      String room = Checks.id("meetingId", meetingId);
      String participantId = Checks.participant(caller);
      JsonObject patch = mediaChanges(changes);
      return rooms.patch(room, participantId, patch, true).map(patched -> {
        if (patched.refused()) {
          throw ErrorCode.FORBIDDEN.exception("The host has muted everyone; ask to speak.");
        }
        if (patched.member() == null) {
          throw ErrorCode.FORBIDDEN.exception("Join the meeting first.");
        }
        JsonObject view = Member.view(patched.member());
        if (patched.changed()) {
          relay.toRoom(room, Relay.frame("room.member-updated", room, new JsonObject().put("member", view.copy())),
              patched.member().getString(Member.CONNECTION_ID));
        }
        return view;
      });
    });
  }

  @Override
  public Future<JsonObject> startCall(String calleeId, Caller caller) {
    return serve(caller, () -> calls.start(calleeId, caller));
  }

  @Override
  public Future<JsonObject> answerCall(String callId, boolean accept, Caller caller) {
    return serve(caller, () -> accept ? calls.accept(callId, caller) : calls.reject(callId, caller));
  }

  @Override
  public Future<JsonObject> cancelCall(String callId, Caller caller) {
    return serve(caller, () -> calls.cancel(callId, caller));
  }

  @Override
  public Future<JsonObject> hostAction(String meetingId, String action, JsonObject args, Caller caller) {
    return serve(caller, () -> {
      String room = Checks.id("meetingId", meetingId);
      String participantId = Checks.participant(caller);
      if (action == null || !HostActions.ACTIONS.contains(action)) {
        throw Checks.invalid("action", "Unknown host action; use one of " + String.join(", ", HostActions.ACTIONS) + ".");
      }
      JsonObject given = args == null ? new JsonObject() : args;
      Future<JsonObject> meeting = meeting(room, caller);
      Future<RoomStore.Standing> standing = rooms.standing(room, participantId);
      return Future.all(meeting, standing).compose(both -> {
        String role = effectiveRole(meeting.result().getString("role"), standing.result().promoted());
        if (!Member.isModerator(role)) {
          throw ErrorCode.FORBIDDEN.exception("Only the host and co-hosts can do that.");
        }
        if ("promote".equals(action) && !Member.HOST.equals(role)) {
          throw ErrorCode.FORBIDDEN.exception("Only the host can make someone a co-host.");
        }
        boolean ended = standing.result().ended() || "ended".equals(meeting.result().getString("status"));
        if (ended && !"end".equals(action)) {
          throw ErrorCode.CONFLICT.exception(ENDED);
        }
        HostActions.Actor actor = new HostActions.Actor(participantId, role, meeting.result().getString("hostId"),
            caller.getCorrelationId());
        if ("end".equals(action)) {
          return endMeeting(room, caller).compose(v -> hostActions.perform(room, action, given, actor));
        }
        if ("remove".equals(action)) {
          return hostActions.perform(room, action, given, actor)
              .compose(removed -> removeMember(room, removed.getString(Member.PARTICIPANT_ID), caller).map(removed));
        }
        return hostActions.perform(room, action, given, actor);
      });
    });
  }

  @Override
  public Future<JsonArray> liveRooms(Caller caller) {
    return serve(caller, () -> liveRooms.list(admin(caller)));
  }

  @Override
  public Future<Void> endAsAdmin(String meetingId, Caller caller) {
    return serve(caller, () -> {
      String room = Checks.id("meetingId", meetingId);
      Caller admin = admin(caller);
      HostActions.Actor actor = new HostActions.Actor(admin.getUserId(), Member.HOST, null, admin.getCorrelationId());
      return meetings.end(room, admin)
          .compose(meeting -> hostActions.perform(room, "end", new JsonObject(), actor))
          .map(ended -> {
            audit.record(admin, "room.ended-by-admin", room, null);
            return (Void) null;
          });
    });
  }

  /** @return the caller when the token says admin; {@code FORBIDDEN} otherwise */
  private static Caller admin(Caller caller) {
    if (caller == null || !caller.isAccount() || !Caller.ROLE_ADMIN.equals(caller.getRole())) {
      throw ErrorCode.FORBIDDEN.exception("Only administrators can do this.");
    }
    return caller;
  }

  @Override
  public Future<JsonObject> liveCounts(List<String> meetingIds, Caller caller) {
    return serve(caller, () -> live.forMembers(meetingIds, caller));
  }

  @Override
  public Future<JsonObject> liveByJoinCode(String joinCode, Caller caller) {
    return serve(caller, () -> live.forJoinCode(joinCode, caller));
  }

  @Override
  public Future<JsonArray> participants(String meetingId, Caller caller) {
    return serve(caller, () -> {
      String room = Checks.id("meetingId", meetingId);
      return meeting(room, caller).compose(meeting -> rooms.members(room)).map(Member::views);
    });
  }

  /**
   * @return the meeting as the caller sees it; {@code NOT_FOUND} for non-members and unknown meetings,
   *     the meeting service's own refusals as they are, {@code UNAVAILABLE} when it cannot be reached
   */
  private Future<JsonObject> meeting(String meetingId, Caller caller) {
    return meetings.get(meetingId, caller).recover(err -> {
      if (!(err instanceof ServiceException refusal)) {
        LOG.warn("The meeting service did not answer for meeting {} (correlation {}): {}", meetingId,
            caller.getCorrelationId(), err.getMessage());
        return Future.failedFuture(ErrorCode.UNAVAILABLE.exception("Meetings cannot be reached right now; try again shortly."));
      }
      return Future.failedFuture(ErrorCode.of(refusal.failureCode()) == ErrorCode.NOT_FOUND
          ? ErrorCode.NOT_FOUND.exception("No such meeting.")
          : refusal);
    });
  }

  /**
   * Marks the meeting ended in the meeting service, so that its link stops admitting anyone. A co-host
   * promoted only in the room is not one there and is refused; the room still ends (its own ended
   * flag refuses joins), so that refusal is only logged.
   */
  private Future<Void> endMeeting(String meetingId, Caller caller) {
    return meetings.end(meetingId, caller).<Void>mapEmpty().recover(err -> {
      if (err instanceof ServiceException refusal && ErrorCode.of(refusal.failureCode()) == ErrorCode.FORBIDDEN) {
        LOG.info("Meeting {} ended in its room only: {}", meetingId, refusal.getMessage());
        return Future.succeededFuture();
      }
      return Future.failedFuture(err);
    });
  }

  /**
   * Removes the person from the meeting itself (its page, chat and link), after the room barred them:
   * the meeting service then tells every instance (DESIGN §3). A co-host promoted only in the room is
   * not one there and is refused; the room removal stands, and that refusal is only logged.
   */
  private Future<Void> removeMember(String meetingId, String participantId, Caller caller) {
    return meetings.removeMember(meetingId, participantId, caller).recover(err -> {
      if (err instanceof ServiceException refusal && ErrorCode.of(refusal.failureCode()) == ErrorCode.FORBIDDEN) {
        LOG.info("{} removed from the room of meeting {} only: {}", participantId, meetingId, refusal.getMessage());
        return Future.succeededFuture();
      }
      return Future.failedFuture(err);
    });
  }

  private void announceLeft(String meetingId, String participantId, String reason, String connectionId) {
    relay.toRoom(meetingId, Relay.frame("room.member-left", meetingId,
        new JsonObject().put(Member.PARTICIPANT_ID, participantId).put("reason", reason)), connectionId);
  }

  /** @return the validated media changes: booleans among audio, video, screen and handRaised only */
  private static JsonObject mediaChanges(JsonObject changes) {
    JsonObject patch = new JsonObject();
    if (changes == null) {
      return patch;
    }
    for (String field : changes.fieldNames()) {
      if (!MEDIA_FIELDS.contains(field)) {
        String shown = field.length() > 64 ? field.substring(0, 64) + "…" : field;
        throw Checks.invalid(shown, "Only audio, video, screen and handRaised can be changed here.");
      }
      if (!(changes.getValue(field) instanceof Boolean value)) {
        throw Checks.invalid(field, "'" + field + "' must be true or false.");
      }
      patch.put(field, value);
    }
    return patch;
  }

  /** @return host or co-host when the meeting says so or the host promoted them in the room; else the meeting role */
  private static String effectiveRole(String meetingRole, boolean promoted) {
    if (Member.HOST.equals(meetingRole)) {
      return Member.HOST;
    }
    return promoted || Member.CO_HOST.equals(meetingRole) ? Member.CO_HOST : meetingRole;
  }

  private static String displayName(Caller caller) {
    String name = caller.getDisplayName();
    return name == null || name.isBlank() ? "Guest" : name;
  }

  /**
   * Runs an operation: argument errors thrown while building it become its failure, and failures that
   * are not a {@link ServiceException} (Redis down, a bug) are logged and answered {@code UNAVAILABLE}
   * without their details; a saturated Redis pool is an expected refusal ({@link Saturation}: WARN, no
   * stack trace, throttled).
   */
  private <T> Future<T> serve(Caller caller, Supplier<Future<T>> operation) {
    Future<T> result;
    try {
      result = operation.get();
    } catch (ServiceException refusal) {
      return Future.failedFuture(refusal);
    }
    return result.recover(err -> {
      if (err instanceof ServiceException) {
        return Future.failedFuture(err);
      }
      if (Saturation.is(err)) {
        return Future.failedFuture(saturation.refuse(err));
      }
      LOG.error("Signaling request failed (correlation {})", caller == null ? null : caller.getCorrelationId(), err);
      return Future.failedFuture(ErrorCode.UNAVAILABLE.exception("Live meetings are unavailable right now; try again shortly."));
    });
  }
}
