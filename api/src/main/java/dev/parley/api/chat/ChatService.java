package dev.parley.api.chat;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import dev.parley.api.Ids;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * Meeting chat and direct conversations, served on {@link Addresses#CHAT}.
 *
 * <p>Channels: {@code meeting:<meetingId>} for the chat of a meeting (its members; a guest only the
 * meeting its token names, while that meeting is open) and {@code direct:<userA>:<userB>} for a
 * conversation between two signed-in users, the two user ids in ascending order
 * ({@link #directChannel(String, String)}).
 *
 * <p>Message JSON: {@code {"channel", "seq" (1, 2, 3... per channel, no gaps), "clientMessageId",
 * "senderId", "senderName", "senderGuest": bool (a guest, who has no direct conversations), "text" ("" once deleted), "sentAt" (ISO-8601 instant), "editedAt"
 * (instant or null), "deleted": bool, "file": the shared file {@code {"id", "name", "size" (bytes), "type"
 * (sniffed)}} or null}} ({@link #shareFile}; null once deleted).
 *
 * <p>Pushes on {@link Addresses#chatTopic(String)}: {@code chat.message {message}},
 * {@code chat.updated {message}} (an edit or a deletion), {@code chat.typing {channel, userId,
 * displayName}} (never stored).
 *
 * <p>Failures ({@link dev.parley.api.ErrorCode}): {@code BAD_REQUEST} naming the field (empty or
 * over-long text, malformed channel, ids or numbers), {@code UNAUTHORIZED} for anonymous callers,
 * {@code NOT_FOUND} for channels the caller may not use (no existence leak) and unknown messages,
 * {@code FORBIDDEN} for changing someone else's message or a guest opening a direct conversation,
 * {@code TOO_MANY_REQUESTS} with {@code retryAfter} (seconds) past the per-user send rate,
 * {@code UNAVAILABLE} when the meeting service cannot be asked.
 */
@ProxyGen
@VertxGen
public interface ChatService {

  String ADDRESS = Addresses.CHAT;
  /** Most characters (UTF-16 code units) a message may hold. */
  int MAX_TEXT_LENGTH = 4000;
  /** Largest history page. */
  int MAX_PAGE = 100;

  /** @return a proxy with a 10 s send timeout */
  static ChatService createProxy(Vertx vertx) {
    return createProxyWithTimeout(vertx, 10_000);
  }

  /** @return a proxy whose requests fail with a {@code TIMEOUT} reply failure after {@code timeoutMs} */
  static ChatService createProxyWithTimeout(Vertx vertx, long timeoutMs) {
    return new ChatServiceVertxEBProxy(vertx, ADDRESS, new DeliveryOptions().setSendTimeout(timeoutMs));
  }

  /** @return {@code direct:<a>:<b>} with the two user ids in ascending order */
  static String directChannel(String userA, String userB) {
    return userA.compareTo(userB) <= 0 ? "direct:" + userA + ":" + userB : "direct:" + userB + ":" + userA;
  }

  /**
   * @return whether {@code value} names a channel: {@code meeting:<id>} or {@code direct:<a>:<b>} with
   *     {@code a < b} ({@link Ids#isId} ids), as {@link #meetingChannel} and {@link #directChannel} write them
   */
  static boolean isChannel(Object value) {
    if (!(value instanceof String text)) {
      return false;
    }
    if (text.startsWith("meeting:")) {
      return Ids.isId(text.substring("meeting:".length()));
    }
    if (!text.startsWith("direct:")) {
      return false;
    }
    String[] users = text.substring("direct:".length()).split(":", -1);
    return users.length == 2 && Ids.isId(users[0]) && Ids.isId(users[1]) && users[0].compareTo(users[1]) < 0;
  }

  /** @return {@code meeting:<meetingId>} */
  static String meetingChannel(String meetingId) {
    return "meeting:" + meetingId;
  }

  /**
   * Resolves and authorises a channel for the caller.
   *
   * @param target one of {@code {"channel"}}, {@code {"meetingId"}} or {@code {"userId"}} (the other
   *     person of a direct conversation)
   * @return {@code {"channel", "kind": "meeting|direct", "meetingId" or "peerId" and "peerName" (the other
   *     person's display name, null if never known), "lastSeq", "lastRead", "unread"}}
   */
  Future<JsonObject> open(JsonObject target, Caller caller);

  /**
   * Stores a message and publishes it as {@code chat.message}. Idempotent per sender and
   * {@code clientMessageId}: a resend returns the stored message and stores nothing.
   *
   * @param clientMessageId 1..64 characters of {@code [A-Za-z0-9_-]}, chosen by the client
   * @param text 1..{@value #MAX_TEXT_LENGTH} characters, not only white space
   * @return the stored message
   */
  Future<JsonObject> send(String channel, String clientMessageId, String text, Caller caller);

  /**
   * Shares a file in the chat: stores a message whose {@code file} names it (its id, name, size and
   * type, as the file service recorded them) and publishes it as {@code chat.message}, like
   * {@link #send} (same idempotency and send rate). The file must be one the caller uploaded to this
   * channel's own file space (a meeting's files for {@code meeting:<id>}, the conversation's for
   * {@code direct:<a>:<b>}: the file space is the channel id) and be available. A file is shared by
   * one message: deleting that message deletes the file, and deleting the file (by its uploader or a
   * host, {@link dev.parley.api.Addresses#FILE_DELETED}) turns its message into a tombstone.
   *
   * @param fileId the file, as {@code FileService} named it
   * @param text a caption of up to {@value #MAX_TEXT_LENGTH} characters, or null or empty for none
   * @return the stored message; {@code BAD_REQUEST} naming {@code fileId} when this chat has no such
   *     available file, {@code FORBIDDEN} when someone else uploaded it, {@code CONFLICT} when another
   *     message already shares it, {@code UNAVAILABLE} when the file service does not answer
   */
  Future<JsonObject> shareFile(String channel, String clientMessageId, String fileId, String text, Caller caller);

  /**
   * One page of history, oldest first.
   *
   * @param before only messages with a smaller seq; {@code null} for the newest
   * @param limit 1..{@value #MAX_PAGE}; {@code null} for 50
   * @return {@code {"channel", "messages": [message...], "hasMore": bool (older ones exist)}}
   */
  Future<JsonObject> history(String channel, Long before, Integer limit, Caller caller);

  /**
   * Messages after a sequence number, oldest first, for catching up after a reconnect.
   *
   * @param after the last seq the client saw (0 for none)
   * @param limit 1..{@value #MAX_PAGE}
   * @return {@code {"channel", "messages": [message...], "hasMore": bool (newer ones exist)}}
   */
  Future<JsonObject> since(String channel, long after, int limit, Caller caller);

  /** Replaces the text of one of the caller's own messages; publishes {@code chat.updated}. */
  Future<JsonObject> edit(String channel, long seq, String text, Caller caller);

  /**
   * Deletes one of the caller's own messages, leaving a tombstone; publishes {@code chat.updated}. A
   * message that shares a file deletes the file first ({@code UNAVAILABLE} and nothing deleted when
   * the file service does not answer).
   */
  Future<JsonObject> delete(String channel, long seq, Caller caller);

  /**
   * Publishes {@code chat.typing} to the channel's other sockets; stores nothing.
   *
   * @param connectionId the caller's socket, which does not get its own indicator (may be null)
   */
  Future<Void> typing(String channel, String connectionId, Caller caller);

  /**
   * Records that the caller has read up to {@code seq} (never moves backwards).
   *
   * @return {@code {"channel", "lastSeq", "lastRead", "unread"}}
   */
  Future<JsonObject> markRead(String channel, long seq, Caller caller);

  /**
   * The caller's direct conversations, most recent first (accounts only).
   *
   * @return {@code {"items": [{"channel", "peerId", "peerName", "lastSeq", "lastRead", "unread",
   *     "lastMessageAt", "lastMessage": message or null}]}}
   */
  Future<JsonObject> conversations(Caller caller);

  /**
   * The people the caller has a direct conversation with, for ranking the directory (the auth
   * service calls this). Accounts only.
   *
   * @return {@code {"userIds": [...]}}, at most 1,000, most recent first
   */
  Future<JsonObject> contacts(Caller caller);

  /**
   * How many messages the caller has written, in every channel (kept ones, deleted ones excluded), for
   * the admin's account view (the auth service calls this on behalf of the account). Accounts only.
   *
   * @return {@code {"messages": count}}
   */
  Future<JsonObject> messageCount(Caller caller);
}
