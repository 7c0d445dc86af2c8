package dev.parley.common;

import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.common.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
class ClientsTest {

  @Test
  @DisplayName("The Mongo client stores documents in the embedded store and enforces a unique index")
  void mongoUniqueIndex(Vertx vertx, VertxTestContext ctx, EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) {
    ParleyConfig config = ParleyConfig.of(TestConfig.forStores(mongo, redis, smtp));
    MongoClient client = Clients.mongo(vertx, config);
    client.createIndexWithOptions("things", new JsonObject().put("key", 1), new IndexOptions().unique(true))
        .compose(v -> client.insert("things", new JsonObject().put("key", "a")))
        .compose(id -> client.insert("things", new JsonObject().put("key", "a")))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err.getMessage()).contains("E11000");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("The Redis client talks to the embedded Redis server")
  void redisPing(Vertx vertx, VertxTestContext ctx, EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) {
    ParleyConfig config = ParleyConfig.of(TestConfig.forStores(mongo, redis, smtp));
    Clients.redis(vertx, config).send(Request.cmd(Command.INCR).arg("clients-test"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.toLong()).isPositive();
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("The mail client delivers to the embedded SMTP server")
  void mailDelivery(Vertx vertx, VertxTestContext ctx, EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) {
    ParleyConfig config = ParleyConfig.of(TestConfig.forStores(mongo, redis, smtp));
    int before = smtp.messages().size();
    Clients.mail(vertx, config).sendMail(new MailMessage()
            .setFrom("a@parley.test").setTo("b@parley.test").setSubject("clients-test").setText("hello"))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertThat(smtp.awaitMessages(before + 1, 5_000)).isTrue();
          assertThat(smtp.messages().get(before).getSubject()).isEqualTo("clients-test");
          ctx.completeNow();
        })));
  }
}
