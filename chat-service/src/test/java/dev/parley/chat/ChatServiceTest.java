package dev.parley.chat;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import dev.parley.api.auth.AuthService;
import dev.parley.api.ErrorCode;
import dev.parley.api.chat.ChatService;
import dev.parley.api.meeting.MeetingService;
import dev.parley.auth.AuthVerticle;
import dev.parley.common.Clients;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.common.testing.TestConfig;
import dev.parley.meeting.MeetingVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat service over the event bus, with the meeting and auth services deployed beside it. */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("The chat service over the event bus")
class ChatServiceTest {

  static final int SEND_LIMIT = 20;

  private static Vertx vertx;
  private static ChatService chat;
  private static MeetingService meetings;
  private static MongoClient store;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = Vertx.vertx();
    JsonObject config = TestConfig.forStores(mongo, redis, smtp).put(ParleyConfig.CHAT_SEND_LIMIT, SEND_LIMIT);
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    await(Future.all(vertx.deployVerticle(new AuthVerticle(), options), vertx.deployVerticle(new MeetingVerticle(), options),
        vertx.deployVerticle(new ChatVerticle(), options)));
    chat = ChatService.createProxy(vertx);
    meetings = MeetingService.createProxy(vertx);
    store = Clients.mongo(vertx, ParleyConfig.of(config));
  }

  @AfterAll
  static void close() throws Exception {
    await(vertx.close());
  }

  @Test
  @DisplayName("Messages in a meeting's chat get sequence numbers 1, 2, 3 and come back in order in the history")
  void sendAndHistory() throws Exception {
    Caller host = account("Host");
    String channel = meetingChannel(host);

    for (int i = 1; i <= 3; i++) {
      JsonObject message = await(chat.send(channel, "c" + i, "hello " + i, host));
      assertThat(message.getLong("seq")).isEqualTo(i);
      assertThat(message.getString("senderId")).isEqualTo(host.getUserId());
      assertThat(message.getString("senderName")).isEqualTo("Host");
      assertThat(message.getBoolean("deleted")).isFalse();
    }

    JsonObject history = await(chat.history(channel, null, null, host));
    assertThat(texts(history)).containsExactly("hello 1", "hello 2", "hello 3");
    assertThat(history.getBoolean("hasMore")).isFalse();
  }

  @Test
  @DisplayName("History pages go backwards from 'before', oldest first within a page, with hasMore while older ones remain")
  void paging() throws Exception {
    Caller host = account("Host");
    String channel = meetingChannel(host);
    for (int i = 1; i <= 7; i++) {
      await(chat.send(channel, "p" + i, "m" + i, host));
    }

    JsonObject newest = await(chat.history(channel, null, 3, host));
    assertThat(texts(newest)).containsExactly("m5", "m6", "m7");
    assertThat(newest.getBoolean("hasMore")).isTrue();
    JsonObject older = await(chat.history(channel, 5L, 3, host));
    assertThat(texts(older)).containsExactly("m2", "m3", "m4");
    JsonObject oldest = await(chat.history(channel, 2L, 3, host));
    assertThat(texts(oldest)).containsExactly("m1");
    assertThat(oldest.getBoolean("hasMore")).isFalse();
    JsonObject since = await(chat.since(channel, 4, 100, host));
    assertThat(texts(since)).containsExactly("m5", "m6", "m7");
    refused(chat.history(channel, null, 101, host), ErrorCode.BAD_REQUEST);
  }

  @Test
  @DisplayName("A resend with the same client message id returns the stored message and stores nothing more")
  void idempotentSend() throws Exception {
    Caller host = account("Host");
    String channel = meetingChannel(host);

    JsonObject first = await(chat.send(channel, "same-id", "once", host));
    JsonObject again = await(chat.send(channel, "same-id", "once", host));

    assertThat(again).isEqualTo(first);
    assertThat(await(store.count(MessageRepository.COLLECTION, new JsonObject().put("channel", channel)))).isEqualTo(1);
  }

  static Stream<Arguments> invalidSends() {
    return Stream.of(
        Arguments.of("an empty text", "ok-1", "", "text"),
        Arguments.of("a text of white space", "ok-2", "  \n\t ", "text"),
        Arguments.of("a text of 4,001 characters", "ok-3", "x".repeat(4001), "text"),
        Arguments.of("no text", "ok-4", null, "text"),
        Arguments.of("no client message id", null, "hi", "clientMessageId"),
        Arguments.of("a client message id with an operator", "{\"$gt\":\"\"}", "hi", "clientMessageId"),
        Arguments.of("a client message id of 65 characters", "i".repeat(65), "hi", "clientMessageId"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSends")
  @DisplayName("An invalid message is refused with bad_request naming the field and stores nothing")
  void invalidSend(String what, String clientMessageId, String text, String field) throws Exception {
    Caller host = account("Host");
    String channel = meetingChannel(host);

    ServiceException refusal = refused(chat.send(channel, clientMessageId, text, host), ErrorCode.BAD_REQUEST);

    assertThat(refusal.getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo(field);
    assertThat(await(store.count(MessageRepository.COLLECTION, new JsonObject().put("channel", channel)))).isZero();
  }

  @Test
  @DisplayName("A message of exactly 4,000 characters is accepted")
  void longestMessage() throws Exception {
    Caller host = account("Host");
    JsonObject message = await(chat.send(meetingChannel(host), "long", "y".repeat(4000), host));
    assertThat(message.getString("text")).hasSize(4000);
  }

  @ParameterizedTest(name = "channel [{0}]")
  @MethodSource("malformedChannels")
  @DisplayName("A malformed channel is refused with bad_request")
  void malformedChannel(String channel) throws Exception {
    refused(chat.send(channel, "x", "hi", account("A")), ErrorCode.BAD_REQUEST);
  }

  static Stream<String> malformedChannels() {
    return Stream.of("", "meeting:", "meeting:a.b", "meeting:$where", "room:abc", "direct:b:a", "direct:a:a",
        "direct:a", "meeting:" + "m".repeat(65));
  }

  @Test
  @DisplayName("Someone who is not a member of the meeting can neither read nor write its chat, and nothing is stored")
  void foreignMeetingChannel() throws Exception {
    Caller host = account("Host");
    String channel = meetingChannel(host);
    Caller stranger = account("Stranger");

    refused(chat.send(channel, "x", "let me in", stranger), ErrorCode.NOT_FOUND);
    refused(chat.history(channel, null, null, stranger), ErrorCode.NOT_FOUND);
    refused(chat.open(new JsonObject().put("channel", channel), stranger), ErrorCode.NOT_FOUND);
    refused(chat.send(ChatService.meetingChannel(UUID.randomUUID().toString()), "x", "hi", stranger), ErrorCode.NOT_FOUND);
    assertThat(await(store.count(MessageRepository.COLLECTION, new JsonObject().put("channel", channel)))).isZero();
  }

  @Test
  @DisplayName("A guest chats in the meeting it joined, and only there; guests have no direct conversations")
  void guests() throws Exception {
    Caller host = account("Host");
    JsonObject meeting = await(meetings.create(new JsonObject().put("title", "With guests"), host));
    JsonObject other = await(meetings.create(new JsonObject().put("title", "Other"), host));
    JsonObject joined = await(meetings.join(meeting.getString("joinCode"), "Gwen", Caller.anonymous("t", "192.0.2.9")));
    Caller guest = new Caller().setUserId(joined.getString("participantId")).setDisplayName("Gwen")
        .setRole(Caller.ROLE_GUEST).setMeetingId(meeting.getString("id")).setCorrelationId("t");

    JsonObject sent = await(chat.send(ChatService.meetingChannel(meeting.getString("id")), "g1", "hi from a guest", guest));
    assertThat(sent.getString("senderName")).isEqualTo("Gwen");
    refused(chat.send(ChatService.meetingChannel(other.getString("id")), "g2", "sneaky", guest), ErrorCode.NOT_FOUND);
    refused(chat.open(new JsonObject().put("userId", host.getUserId()), guest), ErrorCode.FORBIDDEN);
    refused(chat.send(ChatService.directChannel(guest.getUserId(), host.getUserId()), "g3", "hi", guest), ErrorCode.FORBIDDEN);
  }

  @Test
  @DisplayName("A direct conversation with a user id that names no account is refused as not_found and stores nothing")
  void directToNobody() throws Exception {
    Caller ada = account("Ada");
    String nobody = UUID.randomUUID().toString();
    refused(chat.open(new JsonObject().put("userId", nobody), ada), ErrorCode.NOT_FOUND);
    String channel = ChatService.directChannel(ada.getUserId(), nobody);
    refused(chat.send(channel, "n1", "anyone there?", ada), ErrorCode.NOT_FOUND);
    assertThat(await(store.count("chat_messages", new JsonObject().put("channel", channel)))).isZero();
    assertThat(await(chat.conversations(ada)).getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName("Removing a member, ending a meeting (for guests) and deleting it take the chat away at once, cached yes or not")
  void accessRevokedAtOnce() throws Exception {
    Caller host = account("Host");
    Caller member = account("Member");
    Caller other = account("Other");
    JsonObject meeting = await(meetings.create(new JsonObject().put("title", "Revocation"), host));
    String channel = ChatService.meetingChannel(meeting.getString("id"));
    await(meetings.join(meeting.getString("joinCode"), null, member));
    await(meetings.join(meeting.getString("joinCode"), null, other));
    JsonObject joined = await(meetings.join(meeting.getString("joinCode"), "Gwen", Caller.anonymous("t", "192.0.2.9")));
    Caller guest = new Caller().setUserId(joined.getString("participantId")).setDisplayName("Gwen")
        .setRole(Caller.ROLE_GUEST).setMeetingId(meeting.getString("id")).setCorrelationId("t");
    for (Caller reader : List.of(member, other, guest)) {
      await(chat.history(channel, null, null, reader));
    }

    await(meetings.removeMember(meeting.getString("id"), member.getUserId(), host));
    refused(chat.send(channel, "r1", "still here?", member), ErrorCode.NOT_FOUND);
    refused(chat.history(channel, null, null, member), ErrorCode.NOT_FOUND);
    await(chat.send(channel, "o1", "I am", other));

    await(meetings.end(meeting.getString("id"), host));
    refused(chat.send(channel, "g1", "after the end", guest), ErrorCode.NOT_FOUND);
    assertThat(texts(await(chat.history(channel, null, null, other)))).containsExactly("I am");

    await(meetings.delete(meeting.getString("id"), host));
    refused(chat.history(channel, null, null, other), ErrorCode.NOT_FOUND);
  }

  @Test
  @DisplayName("Two people have one direct conversation; a third can neither read nor write it")
  void directConversation() throws Exception {
    Caller ada = account("Ada");
    Caller bob = account("Bob");
    Caller eve = account("Eve");

    JsonObject opened = await(chat.open(new JsonObject().put("userId", bob.getUserId()), ada));
    assertThat(opened.getString("channel")).isEqualTo(ChatService.directChannel(ada.getUserId(), bob.getUserId()));
    assertThat(opened.getString("peerId")).isEqualTo(bob.getUserId());
    assertThat(await(chat.open(new JsonObject().put("userId", ada.getUserId()), bob)).getString("channel"))
        .isEqualTo(opened.getString("channel"));

    await(chat.send(opened.getString("channel"), "d1", "hi Bob", ada));
    assertThat(texts(await(chat.history(opened.getString("channel"), null, null, bob)))).containsExactly("hi Bob");
    refused(chat.history(opened.getString("channel"), null, null, eve), ErrorCode.NOT_FOUND);
    refused(chat.send(opened.getString("channel"), "e1", "hello", eve), ErrorCode.NOT_FOUND);
    refused(chat.open(new JsonObject().put("userId", ada.getUserId()), ada), ErrorCode.BAD_REQUEST);
  }

  @Test
  @DisplayName("Whoever starts a conversation gets the other person's name, on opening it and in the list, before they ever open it")
  void starterSeesPeerName() throws Exception {
    Caller ada = account("Ada Starter");
    Caller bob = account("Bob Silent");

    JsonObject opened = await(chat.open(new JsonObject().put("userId", bob.getUserId()), ada));
    assertThat(opened.getString("peerName")).isEqualTo("Bob Silent");
    await(chat.send(opened.getString("channel"), "n1", "hello", ada));
    assertThat(only(await(chat.conversations(ada))).getString("peerName")).isEqualTo("Bob Silent");
    assertThat(only(await(chat.conversations(bob))).getString("peerName")).isEqualTo("Ada Starter");
  }

  @Test
  @DisplayName("Unread counts follow the last message and the reader's marker; one's own messages are read")
  void unreadCounts() throws Exception {
    Caller ada = account("Ada");
    Caller bob = account("Bob");
    String channel = await(chat.open(new JsonObject().put("userId", bob.getUserId()), ada)).getString("channel");
    await(chat.open(new JsonObject().put("userId", ada.getUserId()), bob));
    for (int i = 1; i <= 3; i++) {
      await(chat.send(channel, "u" + i, "news " + i, ada));
    }

    JsonObject bobs = only(await(chat.conversations(bob)));
    assertThat(bobs.getString("peerId")).isEqualTo(ada.getUserId());
    assertThat(bobs.getString("peerName")).isEqualTo("Ada");
    assertThat(bobs.getLong("unread")).isEqualTo(3);
    assertThat(bobs.getJsonObject("lastMessage").getString("text")).isEqualTo("news 3");
    assertThat(only(await(chat.conversations(ada))).getLong("unread")).isZero();

    JsonObject read = await(chat.markRead(channel, 2, bob));
    assertThat(read.getLong("unread")).isEqualTo(1);
    await(chat.markRead(channel, 1, bob));
    assertThat(only(await(chat.conversations(bob))).getLong("unread")).as("markers never move back").isEqualTo(1);
    await(chat.markRead(channel, 99, bob));
    assertThat(only(await(chat.conversations(bob))).getLong("unread")).isZero();
  }

  @Test
  @DisplayName("People edit and delete their own messages, a deletion leaves a tombstone, and others' messages are off limits")
  void editAndDelete() throws Exception {
    Caller host = account("Host");
    String channel = meetingChannel(host);
    Caller member = account("Member");
    await(meetings.join(await(meetings.get(channel.substring("meeting:".length()), host)).getString("joinCode"), null, member));
    JsonObject mine = await(chat.send(channel, "e1", "teh typo", host));
    long seq = mine.getLong("seq");

    JsonObject edited = await(chat.edit(channel, seq, "the typo", host));
    assertThat(edited.getString("text")).isEqualTo("the typo");
    assertThat(edited.getString("editedAt")).isNotNull();
    refused(chat.edit(channel, seq, "hijacked", member), ErrorCode.FORBIDDEN);
    refused(chat.delete(channel, seq, member), ErrorCode.FORBIDDEN);
    refused(chat.edit(channel, seq, "", host), ErrorCode.BAD_REQUEST);
    refused(chat.edit(channel, 999, "nothing there", host), ErrorCode.NOT_FOUND);

    JsonObject deleted = await(chat.delete(channel, seq, host));
    assertThat(deleted.getBoolean("deleted")).isTrue();
    assertThat(deleted.getString("text")).isEmpty();
    JsonObject history = await(chat.history(channel, null, null, member));
    assertThat(history.getJsonArray("messages")).hasSize(1);
    assertThat(history.getJsonArray("messages").getJsonObject(0).getBoolean("deleted")).isTrue();
    refused(chat.edit(channel, seq, "back", host), ErrorCode.CONFLICT);
  }

  @Test
  @DisplayName("New messages, edits and typing are published on the channel's topic; typing is not stored")
  void pushes() throws Exception {
    Caller host = account("Host");
    String channel = meetingChannel(host);
    BlockingQueue<JsonObject> pushes = new LinkedBlockingQueue<>();
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.chatTopic(channel), m -> pushes.add(m.body()));
    await(consumer.completion());
    try {
      JsonObject sent = await(chat.send(channel, "t1", "published", host));
      await(chat.typing(channel, "conn-1", host));
      await(chat.edit(channel, sent.getLong("seq"), "published!", host));

      JsonObject message = poll(pushes);
      assertThat(message.getString("type")).isEqualTo("chat.message");
      assertThat(message.getJsonObject("data")).isEqualTo(sent);
      JsonObject typing = poll(pushes);
      assertThat(typing.getString("type")).isEqualTo("chat.typing");
      assertThat(typing.getJsonObject("data").getString("userId")).isEqualTo(host.getUserId());
      JsonObject updated = poll(pushes);
      assertThat(updated.getString("type")).isEqualTo("chat.updated");
      assertThat(updated.getJsonObject("data").getString("text")).isEqualTo("published!");
      assertThat(await(store.count(MessageRepository.COLLECTION, new JsonObject().put("channel", channel)))).isEqualTo(1);
    } finally {
      await(consumer.unregister());
    }
  }

  @Test
  @DisplayName("Past the send limit a person gets too_many_requests with retryAfter, and the refused message is not stored")
  void rateLimit() throws Exception {
    Caller host = account("Host");
    String channel = meetingChannel(host);
    for (int i = 0; i < SEND_LIMIT; i++) {
      await(chat.send(channel, "r" + i, "quick " + i, host));
    }

    ServiceException refusal = refused(chat.send(channel, "r-over", "one too many", host), ErrorCode.TOO_MANY_REQUESTS);

    assertThat(refusal.getDebugInfo().getLong(ErrorCode.RETRY_AFTER)).isBetween(1L, 10L);
    assertThat(refusal.getMessage()).contains("too fast");
    assertThat(await(store.count(MessageRepository.COLLECTION, new JsonObject().put("channel", channel)))).isEqualTo(SEND_LIMIT);
    assertThat(await(chat.send(channel, "r0", "quick 0", host)).getLong("seq")).as("a resend is still answered").isEqualTo(1);
  }

  // ---- helpers ----

  /** @return the caller of a new account (a real one: direct conversations need the other person to exist) */
  static Caller account(String name) throws Exception {
    String email = name.toLowerCase().replace(' ', '.') + "-" + UUID.randomUUID() + "@example.test";
    String userId = await(AuthService.createProxy(vertx).signup(email, "violet-otter-" + UUID.randomUUID(), name,
        Caller.anonymous("test", "192.0.2.1"))).getUser().getId();
    return new Caller().setUserId(userId).setDisplayName(name).setRole(Caller.ROLE_USER)
        .setCorrelationId("test-" + UUID.randomUUID());
  }

  /** @return the chat channel of a new meeting hosted by the caller */
  private static String meetingChannel(Caller host) throws Exception {
    return ChatService.meetingChannel(await(meetings.create(new JsonObject().put("title", "Chat"), host)).getString("id"));
  }

  private static List<String> texts(JsonObject page) {
    return page.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("text")).toList();
  }

  private static JsonObject only(JsonObject conversations) {
    JsonArray items = conversations.getJsonArray("items");
    assertThat(items).hasSize(1);
    return items.getJsonObject(0);
  }

  private static JsonObject poll(BlockingQueue<JsonObject> queue) throws InterruptedException {
    JsonObject next = queue.poll(10, TimeUnit.SECONDS);
    assertThat(next).as("a push within 10 s").isNotNull();
    return next;
  }

  static ServiceException refused(Future<?> call, ErrorCode code) throws Exception {
    await(call.otherwiseEmpty());
    assertThat(call.failed()).as("the call is refused").isTrue();
    assertThat(call.cause()).isInstanceOf(ServiceException.class);
    ServiceException refusal = (ServiceException) call.cause();
    assertThat(ErrorCode.of(refusal.failureCode())).as(refusal.getMessage()).isEqualTo(code);
    return refusal;
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
