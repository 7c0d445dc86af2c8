package dev.parley.common.testing;

import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** Builds {@code PARLEY_*} configuration that points services at the embedded stores. */
public final class TestConfig {

  private TestConfig() {
  }

  /**
   * @return configuration for the given stores with a fresh MongoDB database, HTTP port 0 (random)
   *     and short WebSocket timeouts suitable for tests
   */
  public static JsonObject forStores(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) {
    return new JsonObject()
        .put(ParleyConfig.MONGO_URI, mongo.connectionString())
        .put(ParleyConfig.MONGO_DB, "test-" + UUID.randomUUID())
        .put(ParleyConfig.REDIS_URI, redis.connectionString())
        .put(ParleyConfig.SMTP_HOST, "127.0.0.1")
        .put(ParleyConfig.SMTP_PORT, smtp.port())
        .put(ParleyConfig.SMTP_STARTTLS, "disabled")
        .put(ParleyConfig.HTTP_HOST, "127.0.0.1")
        .put(ParleyConfig.HTTP_PORT, 0)
        .put(ParleyConfig.PUBLIC_URL, "http://localhost:8080");
  }
}
