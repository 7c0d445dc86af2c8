package dev.parley.api.signaling;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Live rooms, served on {@link Addresses#SIGNALING}. The gateway calls it for the WebSocket
 * {@code room.*} frames of its sockets; room state lives in Redis, so any instance serves any room.
 *
 * <p>A participant is identified by the caller's {@code userId} (the token subject: an account id, or
 * a guest id for guests); one live connection per participant and room, a newer join replacing the
 * older connection. Member JSON: {@code {"participantId", "displayName", "role":
 * "host|co-host|participant|guest", "audio": bool, "video": bool, "screen": bool, "handRaised": bool,
 * "forceMuted": bool, "reconnecting": bool}}.
 *
 * <p>Presence: a member whose socket closes without leaving ({@link #leave} with reason
 * {@code disconnected}) keeps their place for the grace period (30 s, {@code PARLEY_ROOM_GRACE_S}) and
 * shows as {@code reconnecting}; they take it back with {@link #resume} and the resume token their join
 * returned, else they are removed ({@code room.member-left}, reason {@code disconnected}). Gateway
 * nodes send {@link #heartbeat} every few seconds; the members of a node silent for
 * {@value #NODE_TTL_SECONDS} s are removed.
 *
 * <p>Pushes reach sockets as frames through the gateway: to the whole room on
 * {@link Addresses#roomTopic(String)} (excluding the actor's connection), to one member through
 * {@link Addresses#gateway(String)} with the member's connection. Frame types:
 * {@code room.member-joined {member}}, {@code room.member-left {participantId, reason:
 * left|removed|disconnected}}, {@code room.member-updated {member}}, {@code room.signal {from, kind,
 * payload}}, {@code room.locked {locked}}, {@code room.timer {deadline: epoch ms or null, seconds}},
 * {@code room.ended {}}, {@code room.removed {}}, {@code room.muted {hard}},
 * {@code room.video-stopped {}}.
 *
 * <p>Failures ({@link dev.parley.api.ErrorCode}): {@code FORBIDDEN} for non-members, removed people,
 * a locked room, non-hosts attempting host actions, relays to someone outside the room, unmuting
 * under a hard mute; {@code CONFLICT} for a full room or an ended meeting; {@code BAD_REQUEST} naming
 * the field for malformed arguments; {@code NOT_FOUND} for unknown meetings.
 */
@ProxyGen
@VertxGen
public interface SignalingService {

  String ADDRESS = Addresses.SIGNALING;

  /** Signal kinds relayed between peers (WebRTC: RFC 8829 offer/answer, RFC 8838 trickle ICE). */
  String OFFER = "offer";
  String ANSWER = "answer";
  String ICE_CANDIDATE = "ice-candidate";

  /** How long a gateway node counts as alive after its last heartbeat, in seconds. */
  int NODE_TTL_SECONDS = 20;

  /** @return a proxy with a 10 s send timeout */
  static SignalingService createProxy(Vertx vertx) {
    return createProxyAt(vertx, ADDRESS, 10_000);
  }

  /**
   * @param address where the service listens: {@link #ADDRESS}, or one instance's process-local address
   * @return a proxy whose requests fail with a {@code TIMEOUT} reply failure after {@code timeoutMs}
   */
  static SignalingService createProxyAt(Vertx vertx, String address, long timeoutMs) {
    return new SignalingServiceVertxEBProxy(vertx, address, new DeliveryOptions().setSendTimeout(timeoutMs));
  }

  /**
   * Enters the live room of a meeting the caller is a member of (checked with the meeting service).
   * When the meeting's lobby is on, anyone but the host and co-hosts who was not let in before waits
   * instead: the answer is {@code {"waiting": true}}, the hosts get {@code room.lobby {waiting:
   * [{participantId, displayName}]}}, and the waiting person gets {@code room.admitted} (join again
   * to enter) or {@code room.denied}. Hosts' and co-hosts' join answers carry {@code "lobby"}, the
   * same list, and {@code "lobbyOn"}, whether the meeting's lobby setting is on.
   *
   * @param nodeId the gateway node holding the caller's socket
   * @param connectionId the socket on that node
   * @return {@code {"self": member, "members": [member... (others)], "locked": bool,
   *     "timer": {deadline, seconds} or null, "resumeToken": secret for {@link #resume},
   *     "iceServers": [RTCIceServer...] with time-limited TURN credentials}}
   */
  Future<JsonObject> join(String meetingId, String nodeId, String connectionId, Caller caller);

  /**
   * Takes back the caller's place in a room on a new connection after their socket dropped; the
   * others see the member's {@code reconnecting} flag cleared. Nothing about the member changes
   * otherwise (role, media state, force mute).
   *
   * @param resumeToken the one the caller's join returned
   * @return what {@link #join} returns, with a fresh {@code iceServers} list; {@code NOT_FOUND} when
   *     the place is gone (grace over, removed) or the token is not theirs, {@code CONFLICT} when the
   *     meeting ended
   */
  Future<JsonObject> resume(String meetingId, String resumeToken, String nodeId, String connectionId, Caller caller);

  /** Keeps a gateway node's members present for {@link #NODE_TTL_SECONDS} more seconds. */
  Future<Void> heartbeat(String nodeId);

  /**
   * Leaves the room; a no-op when the caller's current connection is not {@code connectionId} (a newer
   * connection replaced it).
   *
   * @param reason {@code left} (gone at once) or {@code disconnected} (the socket dropped: the place is
   *     kept for the grace period, see above)
   */
  Future<Void> leave(String meetingId, String connectionId, String reason, Caller caller);

  /**
   * Relays an offer, answer or ICE candidate to another member of the same room.
   *
   * @param to the target's participant id
   * @param kind {@link #OFFER}, {@link #ANSWER} or {@link #ICE_CANDIDATE}
   * @param payload the session description or candidate, at most 16 KiB encoded
   */
  Future<Void> signal(String meetingId, String to, String kind, JsonObject payload, Caller caller);

  /**
   * {@link #signal} with the payload as JSON text, which the service checks and relays as it is,
   * without building it into a tree (the gateway's path: it cuts the payload's text out of the
   * client's frame). The recipient gets the same {@code room.signal} frame as from {@link #signal}.
   *
   * @param payload the text of exactly one JSON object (RFC 8259), at most 16 KiB as UTF-8; anything
   *     else fails with {@code BAD_REQUEST}
   */
  Future<Void> signalText(String meetingId, String to, String kind, String payload, Caller caller);

  /**
   * Updates the caller's own media state and raised hand; any subset of {@code {"audio", "video",
   * "screen", "handRaised"}} booleans.
   *
   * @return the caller's member JSON
   */
  Future<JsonObject> updateSelf(String meetingId, JsonObject changes, Caller caller);

  /**
   * A host action, allowed to the host and co-hosts only.
   *
   * @param action {@code mute} ({@code participantId}, optional {@code hard}), {@code mute-all}
   *     (optional {@code hard}), {@code stop-video} ({@code participantId}), {@code remove}
   *     ({@code participantId}; they cannot rejoin), {@code lock} ({@code locked}), {@code end},
   *     {@code timer} ({@code seconds} 1..86400, or null to clear), {@code promote}
   *     ({@code participantId}; host only, makes a co-host), {@code admit} and {@code deny}
   *     ({@code participantId} of someone waiting in the lobby)
   * @return {@code {}} or the changed state
   */
  Future<JsonObject> hostAction(String meetingId, String action, JsonObject args, Caller caller);

  /**
   * Rings every open client of another signed-in user ({@code call.incoming} on their user topic).
   * Unanswered for 30 s, the call is missed ({@code call.missed} to both).
   *
   * @return {@code {"callId", "state": "ringing", "calleeId", "expiresAt": epoch ms}}; {@code FORBIDDEN}
   *     for guests, {@code BAD_REQUEST} for calling oneself
   */
  Future<JsonObject> startCall(String calleeId, Caller caller);

  /**
   * The callee answers a ringing call. Accepting creates a two-person meeting hosted by the caller and
   * sends {@code call.accepted {callId, meetingId}} to both; rejecting sends {@code call.rejected}.
   *
   * @return {@code {"callId", "state": "accepted"|"rejected", "meetingId" (accepted only)}};
   *     {@code NOT_FOUND} unless the caller is the callee, {@code CONFLICT} when it no longer rings
   */
  Future<JsonObject> answerCall(String callId, boolean accept, Caller caller);

  /**
   * The caller hangs up before an answer ({@code call.cancelled} to both).
   *
   * @return {@code {"callId", "state": "cancelled"}}; {@code NOT_FOUND} unless the caller started it,
   *     {@code CONFLICT} when it no longer rings
   */
  Future<JsonObject> cancelCall(String callId, Caller caller);

  /** @return the members now in the room, for any member of the meeting */
  Future<JsonArray> participants(String meetingId, Caller caller);

  /**
   * Every live room on the cluster, for admins ({@code FORBIDDEN} otherwise): rooms with at least one
   * member that have not ended.
   *
   * @return {@code [{"meetingId", "title", "hostId", "hostName", "participants": count, "startedAt":
   *     ISO-8601 of the earliest member's join}]}, most participants first
   */
  Future<JsonArray> liveRooms(Caller caller);

  /**
   * Ends a live room as an admin ({@code FORBIDDEN} otherwise), as the host's {@code end} would:
   * everyone gets {@code room.ended} and the meeting is marked ended. Audited.
   */
  Future<Void> endAsAdmin(String meetingId, Caller caller);

  /**
   * How many people are in the live rooms of the caller's meetings (from the room state in Redis).
   * Every change is also published on {@link dev.parley.api.Addresses#liveTopic} as the push
   * {@code {"type": "live.count", "data": {"meetingId", "participants"}}}.
   *
   * @param meetingIds at most 100; meetings the caller is not a member of are left out
   * @return {@code {"counts": {meetingId: participants}}}
   */
  Future<JsonObject> liveCounts(List<String> meetingIds, Caller caller);

  /**
   * How many people are in the live room a join link leads to, for anyone holding the link: a count
   * only, never who.
   *
   * @return {@code {"meetingId", "title", "participants", "guest": {"displayName", "removed"} or null
   *     (set for a guest of this meeting)}}; {@code NOT_FOUND} for an unknown link
   */
  Future<JsonObject> liveByJoinCode(String joinCode, Caller caller);
}
