package dev.parley.chat;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.parley.api.Caller;
import dev.parley.api.chat.ChatService;
import dev.parley.api.meeting.MeetingService;
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
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static dev.parley.chat.ChatServiceTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two chat-service instances (two {@link ChatVerticle}s behind one address, so that the event bus
 * alternates between them) and 8 concurrent senders × 500 messages into one channel.
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Concurrent sends through two chat-service instances")
class ConcurrentSendTest {

  private static final int SENDERS = 8;
  private static final int MESSAGES_EACH = 500;

  @Test
  @DisplayName("8 senders × 500 messages into one channel get sequences 1..4000 with no gap, each message stored once (in-memory store)")
  void inMemoryStore(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    storm(TestConfig.forStores(mongo, redis, smtp));
  }

  @Test
  @DisplayName("The same holds on the file-backed (H2) store the standalone uses")
  void h2Store(EmbeddedRedis redis, EmbeddedSmtp smtp, @TempDir Path dir) throws Exception {
    try (EmbeddedMongo h2 = EmbeddedMongo.over(new H2Backend(dir.resolve("mongo.mv").toString()))) {
      storm(TestConfig.forStores(h2, redis, smtp));
    }
  }

  private static void storm(JsonObject stores) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject config = stores.put(ParleyConfig.CHAT_SEND_LIMIT, 1_000_000);
      DeploymentOptions options = new DeploymentOptions().setConfig(config);
      await(vertx.deployVerticle(new MeetingVerticle(), options));
      await(vertx.deployVerticle(ChatVerticle::new, new DeploymentOptions(options).setInstances(2)));
      MeetingService meetings = MeetingService.createProxy(vertx);
      ChatService chat = ChatService.createProxy(vertx);

      Caller host = account("Sender 0");
      JsonObject meeting = await(meetings.create(new JsonObject().put("title", "Storm"), host));
      List<Caller> senders = new ArrayList<>(List.of(host));
      for (int i = 1; i < SENDERS; i++) {
        Caller member = account("Sender " + i);
        await(meetings.join(meeting.getString("joinCode"), null, member));
        senders.add(member);
      }
      String channel = ChatService.meetingChannel(meeting.getString("id"));

      List<Future<List<Long>>> runs = senders.stream().map(sender -> sendAll(chat, channel, sender, 0, new ArrayList<>())).toList();
      await(Future.all(runs));

      Set<Long> acknowledged = new HashSet<>();
      runs.forEach(run -> acknowledged.addAll(run.result()));
      List<Long> expected = LongStream.rangeClosed(1, SENDERS * MESSAGES_EACH).boxed().toList();
      assertThat(acknowledged).as("every acknowledged seq is distinct").hasSize(SENDERS * MESSAGES_EACH);
      MongoClient store = Clients.mongo(vertx, ParleyConfig.of(config));
      List<JsonObject> stored = await(store.findWithOptions(MessageRepository.COLLECTION, new JsonObject().put("channel", channel),
          new FindOptions().setSort(new JsonObject().put("seq", 1))));
      assertThat(stored.stream().map(m -> m.getLong("seq")).toList()).as("stored sequences").isEqualTo(expected);
      assertThat(stored.stream().map(m -> m.getString("senderId") + "/" + m.getString("clientMessageId")).distinct())
          .as("each message stored once").hasSize(SENDERS * MESSAGES_EACH);
      assertThat(acknowledged).containsExactlyInAnyOrderElementsOf(expected);
    } finally {
      await(vertx.close());
    }
  }

  /** Sends the sender's messages one after another; collects the acknowledged sequence numbers. */
  private static Future<List<Long>> sendAll(ChatService chat, String channel, Caller sender, int i, List<Long> seqs) {
    if (i == MESSAGES_EACH) {
      return Future.succeededFuture(seqs);
    }
    return chat.send(channel, "m" + i, sender.getDisplayName() + " says " + i, sender)
        .compose(message -> {
          seqs.add(message.getLong("seq"));
          return sendAll(chat, channel, sender, i + 1, seqs);
        });
  }

  /** @return a caller for meeting chat only (the meeting service admits it; no account is needed) */
  private static Caller account(String name) {
    return new Caller().setUserId(java.util.UUID.randomUUID().toString()).setDisplayName(name).setRole(Caller.ROLE_USER)
        .setCorrelationId("test-" + java.util.UUID.randomUUID());
  }
}
