package dev.parley.common;

import dev.parley.common.config.ParleyConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

/**
 * Factories for the store and mail clients every service uses, configured from {@link ParleyConfig}.
 * Each client is shared per Vert.x instance and data source name, so several verticles in one JVM
 * (as in {@code standalone}) reuse one connection pool.
 */
public final class Clients {

  private Clients() {
  }

  /** @return a shared MongoDB client for {@code PARLEY_MONGO_URI} and database {@code PARLEY_MONGO_DB} */
  public static MongoClient mongo(Vertx vertx, ParleyConfig config) {
    JsonObject mongoConfig = new JsonObject()
        .put("connection_string", config.string(ParleyConfig.MONGO_URI))
        .put("db_name", config.string(ParleyConfig.MONGO_DB))
        .put("serverSelectionTimeoutMS", 5_000)
        .put("connectTimeoutMS", 5_000);
    return MongoClient.createShared(vertx, mongoConfig, "parley-mongo");
  }

  /** @return a Redis client for {@code PARLEY_REDIS_URI} (a standalone server; pooled connections) */
  public static Redis redis(Vertx vertx, ParleyConfig config) {
    return Redis.createClient(vertx, new RedisOptions()
        .setType(RedisClientType.STANDALONE)
        .setConnectionString(config.string(ParleyConfig.REDIS_URI))
        .setMaxPoolSize(16)
        .setMaxPoolWaiting(256));
  }

  /** @return a shared SMTP client for {@code PARLEY_SMTP_*} */
  public static MailClient mail(Vertx vertx, ParleyConfig config) {
    MailConfig mailConfig = new MailConfig()
        .setHostname(config.string(ParleyConfig.SMTP_HOST))
        .setPort(config.integer(ParleyConfig.SMTP_PORT))
        .setStarttls(StartTLSOptions.valueOf(config.string(ParleyConfig.SMTP_STARTTLS).toUpperCase()))
        .setUsername(config.string(ParleyConfig.SMTP_USERNAME))
        .setPassword(config.string(ParleyConfig.SMTP_PASSWORD));
    return MailClient.createShared(vertx, mailConfig, "parley-mail");
  }
}
