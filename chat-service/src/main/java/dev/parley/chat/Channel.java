package dev.parley.chat;

import dev.parley.api.ErrorCode;
import dev.parley.api.chat.ChatService;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed chat channel id: {@code meeting:<meetingId>} or {@code direct:<userA>:<userB>} with
 * {@code userA < userB}. Ids are 1..64 characters of {@code [A-Za-z0-9_-]}, so a channel never holds
 * a Mongo operator, a dot or a second separator.
 *
 * @param id the channel id as clients and the store see it
 * @param meetingId the meeting of a meeting channel, else null
 * @param userA the smaller user id of a direct channel, else null
 * @param userB the larger user id of a direct channel, else null
 */
record Channel(String id, String meetingId, String userA, String userB) {

  static final String MEETING = "meeting";
  static final String DIRECT = "direct";

  private static final String ID = "[A-Za-z0-9_-]{1,64}";
  private static final Pattern ID_PATTERN = Pattern.compile("^" + ID + "$");
  private static final Pattern MEETING_CHANNEL = Pattern.compile("^meeting:(" + ID + ")$");
  private static final Pattern DIRECT_CHANNEL = Pattern.compile("^direct:(" + ID + "):(" + ID + ")$");

  boolean isMeeting() {
    return meetingId != null;
  }

  String kind() {
    return isMeeting() ? MEETING : DIRECT;
  }

  /** @return whether the user is one of the two people of a direct channel */
  boolean hasMember(String userId) {
    return userId != null && (userId.equals(userA) || userId.equals(userB));
  }

  /** @return the other person of a direct channel */
  String peerOf(String userId) {
    return userId.equals(userA) ? userB : userA;
  }

  /** @return the channel; {@code BAD_REQUEST} naming {@code channel} when it is not one */
  static Channel parse(Object value) {
    if (value instanceof String text) {
      Matcher meeting = MEETING_CHANNEL.matcher(text);
      if (meeting.matches()) {
        return new Channel(text, meeting.group(1), null, null);
      }
      Matcher direct = DIRECT_CHANNEL.matcher(text);
      if (direct.matches() && direct.group(1).compareTo(direct.group(2)) < 0) {
        return new Channel(text, null, direct.group(1), direct.group(2));
      }
    }
    throw invalid("channel", "'channel' must be 'meeting:<meetingId>' or 'direct:<userId>:<userId>' (ids in ascending order).");
  }

  /**
   * @param target {@code {"channel"}}, {@code {"meetingId"}} or {@code {"userId"}} (with the caller)
   * @return the channel named
   */
  static Channel resolve(JsonObject target, String callerId) {
    if (target == null) {
      throw invalid("channel", "Name a 'channel', a 'meetingId' or a 'userId'.");
    }
    if (target.containsKey("channel")) {
      return parse(target.getValue("channel"));
    }
    if (target.containsKey("meetingId")) {
      return parse(ChatService.meetingChannel(id(target.getValue("meetingId"), "meetingId")));
    }
    if (target.containsKey("userId")) {
      String peer = id(target.getValue("userId"), "userId");
      if (peer.equals(callerId)) {
        throw invalid("userId", "A conversation needs someone else: 'userId' is you.");
      }
      return parse(ChatService.directChannel(callerId, peer));
    }
    throw invalid("channel", "Name a 'channel', a 'meetingId' or a 'userId'.");
  }

  /** @return the value when it is an id; {@code BAD_REQUEST} naming the field otherwise */
  static String id(Object value, String field) {
    if (value instanceof String text && ID_PATTERN.matcher(text).matches()) {
      return text;
    }
    throw invalid(field, "'" + field + "' must be 1 to 64 letters, digits, '-' or '_'.");
  }

  static ServiceException invalid(String field, String message) {
    return ErrorCode.BAD_REQUEST.exception(message, new JsonObject().put(ErrorCode.FIELD, field));
  }
}
