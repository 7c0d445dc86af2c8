package dev.parley.gateway;

import dev.parley.common.ParleyVertx;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code PARLEY_DIRECTORY=contacts}: only people one shares something with can be found. */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("The directory in contacts mode")
class DirectoryContactsModeTest {

  private static Vertx vertx;
  private static Http http;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = ParleyVertx.local();
    GatewayHarness harness = new GatewayHarness(vertx, mongo, redis, smtp);
    harness.config.put(ParleyConfig.DIRECTORY, "contacts");
    http = new Http(Http.await(harness.deploy()).client());
  }

  @AfterAll
  static void close() {
    Http.await(vertx.close());
  }

  @Test
  @DisplayName("A stranger is hidden, while someone from a shared meeting and someone I wrote to are found")
  void strangersHidden() {
    String family = "Fam" + UUID.randomUUID().toString().replaceAll("[^a-f]", "");
    JsonObject ann = http.signup("Ann " + family);
    JsonObject met = http.signup("Met " + family);
    JsonObject wrote = http.signup("Wrote " + family);
    JsonObject stranger = http.signup("Stranger " + family);
    String annToken = ann.getString("accessToken");
    JsonObject meeting = http.postWithToken("/api/v1/meetings", annToken, new JsonObject().put("title", "Shared")).bodyAsJsonObject();
    assertThat(http.postWithToken("/api/v1/meetings/join/" + meeting.getString("joinCode"), met.getString("accessToken"),
        new JsonObject()).statusCode()).isEqualTo(200);
    assertThat(http.postWithToken("/api/v1/conversations/" + wrote.getJsonObject("user").getString("id") + "/messages", annToken,
        new JsonObject().put("clientMessageId", "c1").put("text", "hi")).statusCode()).isEqualTo(201);

    JsonObject page = http.getWithToken("/api/v1/users?q=" + family, annToken).bodyAsJsonObject();

    assertThat(page.getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("id")))
        .containsExactlyInAnyOrder(met.getJsonObject("user").getString("id"), wrote.getJsonObject("user").getString("id"))
        .doesNotContain(stranger.getJsonObject("user").getString("id"));
    assertThat(http.getWithToken("/api/v1/users?q=" + family, stranger.getString("accessToken")).bodyAsJsonObject()
        .getJsonArray("items")).isEmpty();
  }
}
