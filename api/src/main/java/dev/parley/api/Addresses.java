package dev.parley.api;

/**
 * Every event-bus address Parley uses, defined once (DESIGN §3).
 *
 * <ul>
 *   <li>{@code parley.<service>}: a service proxy, e.g. {@link #AUTH};</li>
 *   <li>{@code parley.gateway.<nodeId>}: point-to-point delivery to the sockets of one gateway node;</li>
 *   <li>{@code parley.topic.<kind>.<id>}: fan-out topics that gateways subscribe to on behalf of their sockets.</li>
 * </ul>
 */
public final class Addresses {

  /** The auth service proxy ({@code dev.parley.api.auth.AuthService}). */
  public static final String AUTH = "parley.auth";
  /** The meeting and timeslot service proxy. */
  public static final String MEETING = "parley.meeting";
  /** The scheduling proxy ({@code dev.parley.api.scheduling.SchedulingService}), served by the meeting service. */
  public static final String SCHEDULING = "parley.scheduling";
  /** The invitation proxy ({@code dev.parley.api.meeting.InvitationService}), served by the meeting service. */
  public static final String INVITATIONS = "parley.meeting.invitations";
  /** The chat service proxy. */
  public static final String CHAT = "parley.chat";
  /** The signaling service proxy. */
  public static final String SIGNALING = "parley.signaling";
  /** The administration proxy ({@code dev.parley.api.admin.AdminService}), served by the auth service. */
  public static final String ADMIN = "parley.admin";
  /**
   * Where services send audit entries (point to point, no reply): the auth service appends each to the
   * {@code audit} collection. Body: {@code {"action", "target", "details", "actor": {"id",
   * "displayName", "role"}, "clientAddress", "requestId"}}; see {@code common}'s {@code Audit}.
   */
  public static final String AUDIT = "parley.audit";
  /** Published when an admin changes an account; body: a {@link dev.parley.api.admin.AccountNotice}'s JSON. */
  public static final String ACCOUNT_CHANGED = "parley.topic.account-changed";
  /**
   * Published by an auth instance after it wrote an account's directory fields (sign-up, a new
   * display name, disabling or enabling, deletion): {@code {"userId"}}; every auth instance reads that
   * account again into its directory index.
   */
  public static final String DIRECTORY_CHANGED = "parley.topic.directory-changed";
  /** The whiteboard proxy ({@code dev.parley.api.board.BoardService}), deployed beside signaling. */
  public static final String BOARD = "parley.board";
  /** The file service proxy. */
  public static final String FILE = "parley.file";

  /**
   * Published (never sent) when access to a meeting is taken away: a member removed, a meeting ended
   * (its guests lose it) or deleted (everyone loses it). Every instance that caches or holds access
   * (chat's membership cache, gateways' chat subscriptions) acts on it at once (DESIGN §3). The body is
   * a {@link dev.parley.api.meeting.AccessNotice}'s JSON.
   */
  public static final String ACCESS_REVOKED = "parley.topic.access-revoked";

  /**
   * Published by the auth service when an account was created. The body is {@code {"userId", "email",
   * "displayName"}} (email trimmed and lower-cased). The meeting service makes the new account a member
   * of the meetings its address was invited to.
   */
  public static final String ACCOUNT_CREATED = "parley.notice.account-created";

  /**
   * Published (to every instance) when an account is deleted: {@code {"userId", "displayName"}}.
   * Services drop or anonymise what they hold of it; gateways close its sockets.
   */
  public static final String ACCOUNT_DELETED = "parley.notice.account-deleted";

  /**
   * Published (to every instance) by the file service when one file is deleted: {@code {"fileId",
   * "space"}}. The chat turns the message that shared it into a tombstone.
   */
  public static final String FILE_DELETED = "parley.notice.file-deleted";

  /** Header of a {@link #gateway(String)} message naming the target connection. */
  public static final String HEADER_CONNECTION = "connection";
  /** Header of a topic message naming a connection that must not receive it (typically the sender). */
  public static final String HEADER_EXCLUDE = "exclude";

  private static final String GATEWAY_PREFIX = "parley.gateway.";
  private static final String TOPIC_PREFIX = "parley.topic.";

  private Addresses() {
  }

  /**
   * Point-to-point delivery to one gateway node. The message body is a server-push frame
   * ({@code {"type": ..., "data": {...}}}) and the header {@link #HEADER_CONNECTION} names the socket.
   * The node fails the message with {@link ErrorCode#NOT_FOUND} when that socket is gone.
   *
   * @param nodeId the gateway node's id
   * @return {@code parley.gateway.<nodeId>}
   */
  public static String gateway(String nodeId) {
    return GATEWAY_PREFIX + nodeId;
  }

  /**
   * The chunk address of one file-service instance (see {@code dev.parley.api.file.FileTransfer}):
   * one consumer per instance, never one per transfer.
   *
   * @return {@code parley.file.transfer.<instanceId>}
   */
  public static String fileTransfer(String instanceId) {
    return FILE + ".transfer." + instanceId;
  }

  /** @return {@code parley.topic.user.<userId>}: pushes to every open client of one user */
  public static String userTopic(String userId) {
    return TOPIC_PREFIX + "user." + userId;
  }

  /** @return {@code parley.topic.room.<meetingId>}: pushes to every member of a live room */
  public static String roomTopic(String meetingId) {
    return TOPIC_PREFIX + "room." + meetingId;
  }

  /** @return {@code parley.topic.chat.<channel>}: new, edited and deleted messages and typing of one chat channel */
  public static String chatTopic(String channel) {
    return TOPIC_PREFIX + "chat." + channel;
  }

  /**
   * @return {@code parley.topic.live.<meetingId>}: how many people are in a meeting's live room, published
   *     by the signaling service after every change to its members, body {@code {"meetingId", "participants"}}
   */
  public static String liveTopic(String meetingId) {
    return TOPIC_PREFIX + "live." + meetingId;
  }

  /** @return {@code parley.topic.board.<meetingId>}: ops and live strokes of one meeting's whiteboard */
  public static String boardTopic(String meetingId) {
    return TOPIC_PREFIX + "board." + meetingId;
  }

  /** @return {@code parley.topic.presence.<userId>}: {@code presence.changed} of one account, for those watching it */
  public static String presenceTopic(String userId) {
    return TOPIC_PREFIX + "presence." + userId;
  }

  /** @return {@code parley.topic.event.<eventId>}: live timeslot changes of one event */
  public static String eventTopic(String eventId) {
    return TOPIC_PREFIX + "event." + eventId;
  }
}
