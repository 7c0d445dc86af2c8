package dev.parley.standalone;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.parley.auth.AuthVerticle;
import dev.parley.auth.SigningKeys;
import dev.parley.chat.ChatVerticle;
import dev.parley.file.FileVerticle;
import dev.parley.common.ParleyVertx;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.gateway.GatewayVerticle;
import dev.parley.meeting.MeetingVerticle;
import dev.parley.signaling.SignalingVerticle;
import dev.parley.signaling.board.BoardVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every Parley service in one JVM on a non-clustered Vert.x, for a laptop and for tests (DESIGN §1).
 *
 * <p>Stores: each of MongoDB, Redis and SMTP is embedded unless its {@code PARLEY_*} setting is given
 * (in the environment or in the overrides): a MongoDB wire-protocol server persisting to
 * {@code <data dir>/mongo.mv} (H2 MVStore), a real Redis without persistence, and a GreenMail SMTP
 * server whose captured mail the {@link DevMailbox} shows. The JWT signing key is created once in
 * {@code <data dir>/keys/jwt-signing.json} unless {@code PARLEY_JWT_KEY_FILE} names one.
 */
public final class Standalone implements AutoCloseable {

  /** Port of the captured-mail page; 0 picks a free one, a negative value turns it off. */
  public static final String DEV_MAIL_PORT = "PARLEY_DEV_MAIL_PORT";

  private final List<AutoCloseable> resources = new ArrayList<>();
  private Vertx vertx;
  private GatewayVerticle gateway;
  private EmbeddedSmtp smtp;
  private DevMailbox mailbox;
  private ParleyConfig config;

  private Standalone() {
  }

  /**
   * Starts everything and waits until the gateway listens.
   *
   * @param overrides {@code PARLEY_*} values that win over the environment
   * @return the running instance; close it to stop everything
   */
  public static Future<Standalone> start(JsonObject overrides) {
    Standalone standalone = new Standalone();
    Vertx vertx = ParleyVertx.local();
    standalone.vertx = vertx;
    Promise<Standalone> outcome = Promise.promise();
    ParleyConfig.load(vertx, overrides)
        .compose(loaded -> vertx.executeBlocking(() -> standalone.prepare(loaded, overrides)))
        .compose(config -> {
          standalone.config = config;
          DeploymentOptions options = new DeploymentOptions().setConfig(config.toJson());
          return vertx.deployVerticle(new AuthVerticle(), options)
              .compose(id -> vertx.deployVerticle(new MeetingVerticle(), options))
              // One signaling instance per event loop, so that each gateway instance has one on its own
              // thread to relay through (Colocation; bench/README.md).
              .compose(id -> vertx.deployVerticle(() -> new SignalingVerticle(),
                  new DeploymentOptions(options).setInstances(ParleyVertx.EVENT_LOOPS)))
              .compose(id -> vertx.deployVerticle(new BoardVerticle(), options))
              .compose(id -> vertx.deployVerticle(new ChatVerticle(), options))
              .compose(id -> vertx.deployVerticle(new FileVerticle(), options))
              .compose(id -> GatewayVerticle.deploy(vertx, options))
              .onSuccess(gateway -> standalone.gateway = gateway)
              .compose(id -> standalone.startMailbox(config));
        })
        .onSuccess(started -> outcome.complete(standalone))
        .onFailure(err -> new Thread(() -> {
          // close() waits for Vert.x to stop, which must not happen on one of its event loops; the
          // outcome is not tied to a Vert.x context, so it can still be completed afterwards.
          standalone.close();
          outcome.fail(err);
        }, "parley-standalone-stop").start());
    return outcome.future();
  }

  /** Starts the embedded stores that are not configured, and the signing key. Blocking. */
  private ParleyConfig prepare(ParleyConfig loaded, JsonObject overrides) throws Exception {
    JsonObject values = loaded.toJson();
    Path dataDir = loaded.dataDir();
    Files.createDirectories(dataDir);
    if (!given(ParleyConfig.MONGO_URI, overrides)) {
      EmbeddedMongo mongo = EmbeddedMongo.over(new H2Backend(dataDir.resolve("mongo.mv").toString()));
      resources.add(mongo);
      values.put(ParleyConfig.MONGO_URI, mongo.connectionString());
      // Dev mode: on its own embedded store, the first account created runs the instance (logged as such),
      // unless admins are named explicitly.
      if (!given(ParleyConfig.FIRST_ACCOUNT_ADMIN, overrides) && loaded.list(ParleyConfig.ADMIN_EMAILS).isEmpty()) {
        values.put(ParleyConfig.FIRST_ACCOUNT_ADMIN, true);
      }
    }
    if (!given(ParleyConfig.REDIS_URI, overrides)) {
      EmbeddedRedis redis = EmbeddedRedis.start();
      resources.add(redis);
      values.put(ParleyConfig.REDIS_URI, redis.connectionString());
    }
    if (!given(ParleyConfig.SMTP_HOST, overrides)) {
      smtp = EmbeddedSmtp.start();
      resources.add(smtp);
      values.put(ParleyConfig.SMTP_HOST, "127.0.0.1").put(ParleyConfig.SMTP_PORT, smtp.port())
          .put(ParleyConfig.SMTP_STARTTLS, "disabled");
    }
    if (!given(ParleyConfig.JWT_KEY_FILE, overrides)) {
      Path keyFile = dataDir.resolve("keys").resolve("jwt-signing.json");
      SigningKeys.loadOrCreate(keyFile);
      values.put(ParleyConfig.JWT_KEY_FILE, keyFile.toString());
    }
    return ParleyConfig.of(values);
  }

  private Future<Void> startMailbox(ParleyConfig config) {
    String port = config.string(DEV_MAIL_PORT);
    int mailPort = port == null ? 8025 : Integer.parseInt(port);
    if (smtp == null || mailPort < 0) {
      return Future.succeededFuture();
    }
    mailbox = new DevMailbox(smtp);
    return vertx.deployVerticle(mailbox, new DeploymentOptions().setConfig(new JsonObject()
        .put("host", config.httpHost()).put("port", mailPort))).mapEmpty();
  }

  private static boolean given(String key, JsonObject overrides) {
    Map<String, String> env = System.getenv();
    return overrides.containsKey(key) || env.containsKey(key) && !env.get(key).isBlank();
  }

  /** @return the gateway's port */
  public int port() {
    return gateway.actualPort();
  }

  /** @return the configured public URL, e.g. {@code http://localhost:8080} */
  public String publicUrl() {
    return config.publicUrl();
  }

  /** @return the captured-mail server, or {@code null} when SMTP is external */
  public EmbeddedSmtp smtp() {
    return smtp;
  }

  /** @return the captured-mail page's port, or -1 when it is off */
  public int mailboxPort() {
    return mailbox == null ? -1 : mailbox.actualPort();
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Stops the services, then the embedded stores (the Mongo store flushes to disk). */
  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      Thread.currentThread().interrupt();
    }
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception ignored) {
        // best effort: keep closing the others
      }
    }
  }
}
