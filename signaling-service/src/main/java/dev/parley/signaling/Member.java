package dev.parley.signaling;

import dev.parley.common.Tokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.Comparator;

/**
 * A room member's JSON, as stored in Redis and as clients see it. Stored: the public fields
 * {@code {"participantId", "displayName", "role", "audio", "video", "screen", "handRaised",
 * "forceMuted", "reconnecting"}} plus the routing fields {@code nodeId} (the gateway node holding the
 * member's socket), {@code connectionId} (that socket), {@code joinedAt} (epoch milliseconds) and the
 * secret {@code resumeToken} that lets the member take their place back after a dropped socket.
 * Clients see only the public fields ({@code reconnecting} is true while a dropped member's place is
 * kept for them).
 */
final class Member {

  static final String PARTICIPANT_ID = "participantId";
  static final String DISPLAY_NAME = "displayName";
  static final String ROLE = "role";
  static final String AUDIO = "audio";
  static final String VIDEO = "video";
  static final String SCREEN = "screen";
  static final String HAND_RAISED = "handRaised";
  static final String FORCE_MUTED = "forceMuted";
  static final String NODE_ID = "nodeId";
  static final String CONNECTION_ID = "connectionId";
  static final String JOINED_AT = "joinedAt";
  static final String RECONNECTING = "reconnecting";
  static final String RESUME_TOKEN = "resumeToken";

  static final String HOST = "host";
  static final String CO_HOST = "co-host";
  static final String PARTICIPANT = "participant";

  private static final Comparator<JsonObject> BY_JOINED_AT = Comparator
      .comparingLong((JsonObject member) -> member.getLong(JOINED_AT, 0L))
      .thenComparing(member -> member.getString(PARTICIPANT_ID, ""));

  private Member() {
  }

  /** @return the stored entry of someone entering the room: media off, hand down, not force-muted */
  static JsonObject fresh(String participantId, String displayName, String role, String nodeId, String connectionId,
                          long joinedAt) {
    return fresh(participantId, displayName, role, nodeId, connectionId, joinedAt, Tokens.random(18));
  }

  /** @param resumeToken the secret the member resumes with ({@link #RESUME_TOKEN}) */
  static JsonObject fresh(String participantId, String displayName, String role, String nodeId, String connectionId,
                          long joinedAt, String resumeToken) {
    return new JsonObject()
        .put(PARTICIPANT_ID, participantId)
        .put(DISPLAY_NAME, displayName)
        .put(ROLE, role)
        .put(AUDIO, false)
        .put(VIDEO, false)
        .put(SCREEN, false)
        .put(HAND_RAISED, false)
        .put(FORCE_MUTED, false)
        .put(NODE_ID, nodeId)
        .put(CONNECTION_ID, connectionId)
        .put(JOINED_AT, joinedAt)
        .put(RECONNECTING, false)
        .put(RESUME_TOKEN, resumeToken);
  }

  /** @return the member as clients see it: without node, connection and join time */
  static JsonObject view(JsonObject stored) {
    return new JsonObject()
        .put(PARTICIPANT_ID, stored.getString(PARTICIPANT_ID))
        .put(DISPLAY_NAME, stored.getString(DISPLAY_NAME))
        .put(ROLE, stored.getString(ROLE))
        .put(AUDIO, stored.getBoolean(AUDIO, false))
        .put(VIDEO, stored.getBoolean(VIDEO, false))
        .put(SCREEN, stored.getBoolean(SCREEN, false))
        .put(HAND_RAISED, stored.getBoolean(HAND_RAISED, false))
        .put(FORCE_MUTED, stored.getBoolean(FORCE_MUTED, false))
        .put(RECONNECTING, stored.getBoolean(RECONNECTING, false));
  }

  /** @return the client views of the stored members, in the order they joined */
  static JsonArray views(Collection<JsonObject> stored) {
    JsonArray views = new JsonArray();
    stored.stream().sorted(BY_JOINED_AT).map(Member::view).forEach(views::add);
    return views;
  }

  /** @return whether the role may perform host actions */
  static boolean isModerator(String role) {
    return HOST.equals(role) || CO_HOST.equals(role);
  }
}
