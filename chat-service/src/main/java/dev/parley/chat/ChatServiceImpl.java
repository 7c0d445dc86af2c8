package dev.parley.chat;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.Ids;
import dev.parley.api.chat.ChatService;
import dev.parley.common.mongo.MongoDates;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The chat service: see {@link ChatService} for shapes, limits and failure codes,
 * {@link MessageRepository} for gap-free sequences and idempotency, {@link Access} for who may use a
 * channel. Every stored change is published on the channel's topic after it is stored.
 */
final class ChatServiceImpl implements ChatService {

  private static final Logger LOG = LoggerFactory.getLogger(ChatServiceImpl.class);
  private static final int DEFAULT_PAGE = 50;

  private final MessageRepository messages;
  private final ChannelRepository channels;
  private final Access access;
  private final SendRateLimit rateLimit;
  private final FileShares shares;
  private final EventBus bus;
  private final Clock clock;
  private final SendsInProgress inProgress = new SendsInProgress(SendsInProgress.DEFAULT_MAX);

  ChatServiceImpl(MessageRepository messages, ChannelRepository channels, Access access, SendRateLimit rateLimit,
                  FileShares shares, EventBus bus, Clock clock) {
    this.messages = messages;
    this.shares = shares;
    this.channels = channels;
    this.access = access;
    this.rateLimit = rateLimit;
    this.bus = bus;
    this.clock = clock;
  }

  @Override
  public Future<JsonObject> open(JsonObject target, Caller caller) {
    return attempt(() -> {
      if (caller != null && target != null && target.containsKey("userId") && !target.containsKey("channel")
          && (caller.getUserId() == null || !caller.isAccount())) {
        throw ErrorCode.FORBIDDEN.exception("Only signed-in people have direct conversations.");
      }
      return Channel.resolve(target, caller == null ? null : caller.getUserId());
    }).compose(channel -> access.checkRead(channel, caller).compose(v -> state(channel, caller.getUserId())));
  }

  @Override
  public Future<JsonObject> send(String channelId, String clientMessageId, String text, Caller caller) {
    return attempt(() -> {
      Channel channel = Channel.parse(channelId);
      if (!Ids.isId(clientMessageId)) {
        throw Channel.invalid("clientMessageId", "'clientMessageId' must be 1 to 64 letters, digits, '-' or '_'.");
      }
      checkText(text);
      return channel;
    }).compose(channel -> access.check(channel, caller).compose(v -> post(channel, clientMessageId, text, null, caller)));
  }

  @Override
  public Future<JsonObject> shareFile(String channelId, String clientMessageId, String fileId, String text, Caller caller) {
    return attempt(() -> {
      Channel channel = Channel.parse(channelId);
      if (!Ids.isId(clientMessageId)) {
        throw Channel.invalid("clientMessageId", "'clientMessageId' must be 1 to 64 letters, digits, '-' or '_'.");
      }
      Channel.id(fileId, "fileId");
      if (text != null && !text.isEmpty()) {
        checkText(text);
      }
      return channel;
    }).compose(channel -> access.check(channel, caller)
        .compose(v -> shares.attachment(channel, fileId, clientMessageId, caller))
        .compose(file -> post(channel, clientMessageId, text == null ? "" : text, file, caller)));
  }

  /** Stores (once per client id) and publishes a message the caller may send; {@code file} may be null. */
  private Future<JsonObject> post(Channel channel, String clientMessageId, String text, JsonObject file, Caller caller) {
    // Bounded (SendsInProgress): past the bound refused at once, before Redis or the store.
    return inProgress.run(() -> rateLimit.admit(caller.getUserId()).transform(admitted -> admitted.succeeded()
            ? messages.append(channel.id(), caller.getUserId(), caller.getDisplayName(),
                Caller.ROLE_GUEST.equals(caller.getRole()), clientMessageId, text, file, now())
            // Past the limit, a resend of a message already stored is still answered with it.
            : messages.findByClientId(channel.id(), caller.getUserId(), clientMessageId).compose(existing -> existing != null
                ? Future.succeededFuture(new MessageRepository.Appended(existing, false))
                : Future.failedFuture(admitted.cause()))))
        .compose(appended -> appended.stored() ? stored(appended.message(), caller) : Future.succeededFuture(messageJson(appended.message())));
  }

  /**
   * After an insert: raise the channel's last seq (and, in a direct conversation, the sender's read
   * marker), publish, answer. In meeting channels, whose unread counts nobody lists, the sender's
   * marker is not written and the last seq is raised without waiting (coalesced), so that a busy
   * meeting chat costs one write per message.
   */
  private Future<JsonObject> stored(JsonObject doc, Caller caller) {
    JsonObject message = messageJson(doc);
    String channel = message.getString("channel");
    long seq = message.getLong("seq");
    long sentAt = MongoDates.read(doc, "sentAt").toEpochMilli();
    if (Channel.parse(channel).isMeeting()) {
      channels.advanceSoon(channel, seq, sentAt);
      publish(channel, "chat.message", message, null);
      return Future.succeededFuture(message);
    }
    // The message is stored: failures of these two only delay counters, so they are logged, not returned.
    Future<Void> advanced = channels.advance(channel, seq, sentAt)
        .onFailure(err -> LOG.warn("Could not raise lastSeq of {} to {}", channel, seq, err));
    Future<Void> read = channels.markRead(caller.getUserId(), channel, seq)
        .onFailure(err -> LOG.warn("Could not mark {} read for {}", channel, caller.getUserId(), err));
    return Future.join(advanced, read).otherwiseEmpty().map(v -> {
      publish(channel, "chat.message", message, null);
      return message;
    });
  }

  @Override
  public Future<JsonObject> history(String channelId, Long before, Integer limit, Caller caller) {
    return attempt(() -> {
      Channel channel = Channel.parse(channelId);
      if (before != null && before < 1) {
        throw Channel.invalid("before", "'before' must be a sequence number of at least 1.");
      }
      pageSize(limit == null ? DEFAULT_PAGE : limit);
      return channel;
    }).compose(channel -> access.checkRead(channel, caller)
        .compose(v -> messages.before(channel.id(), before == null ? Long.MAX_VALUE : before, (limit == null ? DEFAULT_PAGE : limit) + 1))
        .map(found -> {
          int size = limit == null ? DEFAULT_PAGE : limit;
          List<JsonObject> page = new ArrayList<>(found.subList(0, Math.min(size, found.size())));
          Collections.reverse(page);
          return new JsonObject().put("channel", channel.id()).put("messages", messagesJson(page)).put("hasMore", found.size() > size);
        }));
  }

  @Override
  public Future<JsonObject> since(String channelId, long after, int limit, Caller caller) {
    return attempt(() -> {
      Channel channel = Channel.parse(channelId);
      if (after < 0) {
        throw Channel.invalid("after", "'after' must be 0 or a sequence number.");
      }
      pageSize(limit);
      return channel;
    }).compose(channel -> access.checkRead(channel, caller)
        .compose(v -> messages.after(channel.id(), after, limit + 1))
        .map(found -> new JsonObject().put("channel", channel.id())
            .put("messages", messagesJson(found.subList(0, Math.min(limit, found.size()))))
            .put("hasMore", found.size() > limit)));
  }

  @Override
  public Future<JsonObject> edit(String channelId, long seq, String text, Caller caller) {
    return attempt(() -> {
      checkText(text);
      return Channel.parse(channelId);
    }).compose(channel -> change(channel, seq, caller, new JsonObject().put("text", text).put("editedAt", MongoDates.of(now()))));
  }

  @Override
  public Future<JsonObject> delete(String channelId, long seq, Caller caller) {
    return attempt(() -> Channel.parse(channelId))
        .compose(channel -> change(channel, seq, caller, FileShares.deletion(now())));
  }

  /** Tombstones and publishes the messages that shared a file that was deleted ({@code FILE_DELETED}). */
  Future<Void> fileDeleted(String channelId, String fileId) {
    return attempt(() -> {
      Channel.id(fileId, "fileId");
      return Channel.parse(channelId);
    }).compose(channel -> shares.tombstones(channel.id(), fileId, now()))
        .onSuccess(tombstones -> tombstones.forEach(doc -> publish(doc.getString("channel"), "chat.updated", messageJson(doc), null)))
        .mapEmpty();
  }

  private Future<JsonObject> change(Channel channel, long seq, Caller caller, JsonObject set) {
    return access.check(channel, caller)
        .compose(v -> messages.find(channel.id(), seq))
        .compose(found -> {
          if (found == null) {
            return Future.failedFuture(ErrorCode.NOT_FOUND.exception("No such message."));
          }
          if (!caller.getUserId().equals(found.getString("senderId"))) {
            return Future.failedFuture(ErrorCode.FORBIDDEN.exception("You can only change your own messages."));
          }
          if (found.getBoolean("deleted", false)) {
            return Future.failedFuture(ErrorCode.CONFLICT.exception("This message was deleted."));
          }
          Future<Void> first = set.getBoolean("deleted", false) ? shares.deleteFile(found, caller) : Future.succeededFuture();
          return first.compose(v -> messages.change(channel.id(), seq, caller.getUserId(), set));
        })
        .map(doc -> {
          JsonObject message = messageJson(doc);
          publish(channel.id(), "chat.updated", message, null);
          return message;
        });
  }

  @Override
  public Future<Void> typing(String channelId, String connectionId, Caller caller) {
    return attempt(() -> Channel.parse(channelId)).compose(channel -> access.check(channel, caller).map(v -> {
      publish(channel.id(), "chat.typing", new JsonObject().put("channel", channel.id())
          .put("userId", caller.getUserId()).put("displayName", caller.getDisplayName()), connectionId);
      return null;
    }));
  }

  @Override
  public Future<JsonObject> markRead(String channelId, long seq, Caller caller) {
    return attempt(() -> {
      if (seq < 0) {
        throw Channel.invalid("seq", "'seq' must be 0 or a sequence number.");
      }
      return Channel.parse(channelId);
    }).compose(channel -> access.checkRead(channel, caller)
        .compose(v -> channels.lastSeq(channel.id()))
        .compose(last -> channels.markRead(caller.getUserId(), channel.id(), Math.min(seq, last)))
        .compose(v -> state(channel, caller.getUserId())));
  }

  @Override
  public Future<JsonObject> conversations(Caller caller) {
    if (caller == null || !caller.isAccount()) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("Sign in to see your conversations."));
    }
    String userId = caller.getUserId();
    return channels.directOf(userId).compose(found -> {
      List<String> ids = found.stream().map(c -> c.getString("_id")).toList();
      List<String> lastIds = found.stream().filter(c -> c.getLong("lastSeq", 0L) > 0)
          .map(c -> MessageRepository.id(c.getString("_id"), c.getLong("lastSeq"))).toList();
      Future<Map<String, Long>> reads = channels.readsOf(userId, ids);
      Future<List<JsonObject>> last = messages.findAll(lastIds);
      return Future.all(reads, last).map(both -> {
        Map<String, JsonObject> lastByChannel = last.result().stream()
            .collect(Collectors.toMap(m -> m.getString("channel"), Function.identity(), (a, b) -> a));
        JsonArray items = new JsonArray();
        for (JsonObject doc : found) {
          String id = doc.getString("_id");
          Channel channel = Channel.parse(id);
          String peer = channel.peerOf(userId);
          long lastSeq = doc.getLong("lastSeq", 0L);
          long lastRead = Math.min(lastSeq, reads.result().getOrDefault(id, 0L));
          JsonObject lastMessage = lastByChannel.get(id);
          items.add(new JsonObject()
              .put("channel", id)
              .put("peerId", peer)
              .put("peerName", doc.getJsonObject("names", new JsonObject()).getString(peer))
              .put("lastSeq", lastSeq)
              .put("lastRead", lastRead)
              .put("unread", lastSeq - lastRead)
              .put("lastMessageAt", lastSeq == 0 ? null : Instant.ofEpochMilli(doc.getLong("lastMessageAt", 0L)).toString())
              .put("lastMessage", lastMessage == null ? null : messageJson(lastMessage)));
        }
        return new JsonObject().put("items", items);
      });
    });
  }

  private Future<JsonObject> state(Channel channel, String userId) {
    Future<JsonObject> doc = channels.find(channel.id());
    Future<Long> read = channels.lastRead(userId, channel.id());
    return Future.all(doc, read).map(both -> {
      JsonObject found = doc.result() == null ? new JsonObject() : doc.result();
      long lastSeq = found.getLong("lastSeq", 0L);
      long lastRead = Math.min(lastSeq, read.result());
      JsonObject state = new JsonObject().put("channel", channel.id()).put("kind", channel.kind())
          .put("lastSeq", lastSeq).put("lastRead", lastRead).put("unread", lastSeq - lastRead);
      if (channel.isMeeting()) {
        return state.put("meetingId", channel.meetingId());
      }
      String peer = channel.peerOf(userId);
      return state.put("peerId", peer).put("peerName", found.getJsonObject("names", new JsonObject()).getString(peer));
    });
  }

  private void publish(String channel, String type, JsonObject data, String excludeConnection) {
    DeliveryOptions options = new DeliveryOptions();
    if (excludeConnection != null) {
      options.addHeader(Addresses.HEADER_EXCLUDE, excludeConnection);
    }
    bus.publish(Addresses.chatTopic(channel), new JsonObject().put("type", type).put("data", data), options);
  }

  /** @return a message as {@link ChatService} describes it */
  static JsonObject messageJson(JsonObject doc) {
    Instant editedAt = MongoDates.read(doc, "editedAt");
    return new JsonObject()
        .put("channel", doc.getString("channel"))
        .put("seq", doc.getLong("seq"))
        .put("clientMessageId", doc.getString("clientMessageId"))
        .put("senderId", doc.getString("senderId"))
        .put("senderName", doc.getString("senderName"))
        .put("senderGuest", doc.getBoolean("senderGuest", false))
        .put("text", doc.getString("text"))
        .put("sentAt", MongoDates.read(doc, "sentAt").toString())
        .put("editedAt", editedAt == null ? null : editedAt.toString())
        .put("deleted", doc.getBoolean("deleted", false))
        .put("file", doc.getJsonObject("file"));
  }

  private static JsonArray messagesJson(List<JsonObject> docs) {
    return new JsonArray(docs.stream().map(ChatServiceImpl::messageJson).toList());
  }

  private static void checkText(String text) {
    if (text == null || text.isBlank()) {
      throw Channel.invalid("text", "A message needs some text.");
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      throw Channel.invalid("text", "A message holds at most " + MAX_TEXT_LENGTH + " characters; this one has "
          + text.length() + ".");
    }
  }

  private static void pageSize(int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw Channel.invalid("limit", "'limit' must be from 1 to " + MAX_PAGE + ".");
    }
  }

  /** Runs validation that throws {@link ServiceException}s, as a future. */
  private static <T> Future<T> attempt(Supplier<T> validation) {
    try {
      return Future.succeededFuture(validation.get());
    } catch (ServiceException invalid) {
      return Future.failedFuture(invalid);
    }
  }

  /** @return the time now, to the millisecond MongoDB keeps */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  @Override
  public Future<JsonObject> contacts(Caller caller) {
    if (caller == null || !caller.isAccount()) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("Sign in to see your conversations."));
    }
    String userId = caller.getUserId();
    return channels.directOf(userId).map(found -> new JsonObject().put("userIds", new JsonArray(found.stream()
        .map(doc -> Channel.parse(doc.getString("_id")))
        .map(channel -> userId.equals(channel.userA()) ? channel.userB() : channel.userA())
        .toList())));
  }

  @Override
  public Future<JsonObject> messageCount(Caller caller) {
    if (caller == null || !caller.isAccount()) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("Sign in to count your messages."));
    }
    return messages.countBySender(caller.getUserId()).map(count -> new JsonObject().put("messages", count));
  }
}
