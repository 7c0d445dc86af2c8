package dev.parley.standalone;

import dev.parley.common.config.ParleyConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Files on the standalone's own data directory (GridFS in the embedded, file-backed store). */
class FilesRestartTest {

  private static final String PASSWORD = "files survive restarts";

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static JsonObject config(Path dataDir) {
    return new JsonObject()
        .put(ParleyConfig.DATA_DIR, dataDir.toString())
        .put(ParleyConfig.HTTP_HOST, "127.0.0.1")
        .put(ParleyConfig.HTTP_PORT, 0)
        .put(Standalone.DEV_MAIL_PORT, 0);
  }

  @Test
  @DisplayName("A file shared in a meeting's chat survives a restart: listed, its message still names it, and it downloads byte-identical")
  void filesSurviveRestart(@TempDir Path dataDir) throws Exception {
    byte[] bytes = new byte[700_000]; // three GridFS chunks
    new Random(7).nextBytes(bytes);
    String meetingId;
    String fileId;
    try (Standalone first = await(Standalone.start(config(dataDir)))) {
      WebClient client = WebClient.create(first.vertx());
      HttpResponse<Buffer> signup = await(client.post(first.port(), "127.0.0.1", "/api/v1/auth/signup").sendJsonObject(new JsonObject()
          .put("email", "files@parley.test").put("password", PASSWORD).put("displayName", "Fran Files")));
      String token = signup.bodyAsJsonObject().getString("accessToken");
      meetingId = await(client.post(first.port(), "127.0.0.1", "/api/v1/meetings").bearerTokenAuthentication(token)
          .sendJsonObject(new JsonObject().put("title", "Kept"))).bodyAsJsonObject().getString("id");
      HttpResponse<Buffer> uploaded = await(client.post(first.port(), "127.0.0.1", "/api/v1/meetings/" + meetingId + "/files?name=kept.bin")
          .bearerTokenAuthentication(token).putHeader("Content-Type", "application/octet-stream").sendBuffer(Buffer.buffer(bytes)));
      assertThat(uploaded.statusCode()).as(uploaded.bodyAsString()).isEqualTo(201);
      fileId = uploaded.bodyAsJsonObject().getString("id");
      HttpResponse<Buffer> shared = await(client.post(first.port(), "127.0.0.1", "/api/v1/meetings/" + meetingId + "/messages")
          .bearerTokenAuthentication(token).sendJsonObject(new JsonObject().put("clientMessageId", "kept-1").put("fileId", fileId)));
      assertThat(shared.statusCode()).as(shared.bodyAsString()).isEqualTo(201);
    }

    try (Standalone second = await(Standalone.start(config(dataDir)))) {
      WebClient client = WebClient.create(second.vertx());
      String token = await(client.post(second.port(), "127.0.0.1", "/api/v1/auth/login")
          .sendJsonObject(new JsonObject().put("email", "files@parley.test").put("password", PASSWORD)))
          .bodyAsJsonObject().getString("accessToken");
      JsonObject listed = await(client.get(second.port(), "127.0.0.1", "/api/v1/meetings/" + meetingId + "/files")
          .bearerTokenAuthentication(token).send()).bodyAsJsonObject();
      assertThat(listed.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(fileId);
      JsonObject message = await(client.get(second.port(), "127.0.0.1", "/api/v1/meetings/" + meetingId + "/messages")
          .bearerTokenAuthentication(token).send()).bodyAsJsonObject().getJsonArray("messages").getJsonObject(0);
      assertThat(message.getJsonObject("file").getString("id")).isEqualTo(fileId);
      HttpResponse<Buffer> download = await(client.get(second.port(), "127.0.0.1", "/api/v1/files/" + fileId)
          .bearerTokenAuthentication(token).send());
      assertThat(download.statusCode()).isEqualTo(200);
      assertThat(download.body().getBytes()).isEqualTo(bytes);
    }
  }
}
