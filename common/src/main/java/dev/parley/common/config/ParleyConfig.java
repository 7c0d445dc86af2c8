package dev.parley.common.config;

import dev.parley.common.ParleyVertx;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Parley's configuration: {@code PARLEY_*} keys with development defaults (DESIGN §6).
 *
 * <p>Sources, later ones winning: the defaults below, the process environment (only keys starting
 * with {@code PARLEY_}), then a JSON object of the same keys passed in code (a verticle's deployment
 * config; tests and {@code standalone} use this to point services at embedded stores on random
 * ports). Values may be strings or JSON numbers/booleans; getters convert.
 */
public final class ParleyConfig {

  public static final String HTTP_HOST = "PARLEY_HTTP_HOST";
  public static final String HTTP_PORT = "PARLEY_HTTP_PORT";
  public static final String PUBLIC_URL = "PARLEY_PUBLIC_URL";
  public static final String DATA_DIR = "PARLEY_DATA_DIR";
  public static final String MONGO_URI = "PARLEY_MONGO_URI";
  public static final String MONGO_DB = "PARLEY_MONGO_DB";
  public static final String REDIS_URI = "PARLEY_REDIS_URI";
  public static final String SMTP_HOST = "PARLEY_SMTP_HOST";
  public static final String SMTP_PORT = "PARLEY_SMTP_PORT";
  public static final String SMTP_USERNAME = "PARLEY_SMTP_USERNAME";
  public static final String SMTP_PASSWORD = "PARLEY_SMTP_PASSWORD";
  public static final String SMTP_STARTTLS = "PARLEY_SMTP_STARTTLS";
  public static final String MAIL_FROM = "PARLEY_MAIL_FROM";
  public static final String JWT_ISSUER = "PARLEY_JWT_ISSUER";
  public static final String JWT_KEY_FILE = "PARLEY_JWT_KEY_FILE";
  public static final String CORS_ORIGINS = "PARLEY_CORS_ORIGINS";
  public static final String BODY_LIMIT_BYTES = "PARLEY_BODY_LIMIT_BYTES";
  public static final String WS_AUTH_TIMEOUT_MS = "PARLEY_WS_AUTH_TIMEOUT_MS";
  public static final String WS_IDLE_TIMEOUT_S = "PARLEY_WS_IDLE_TIMEOUT_S";
  /** Frames per second one socket may send on average (burst: two seconds' worth); past it the socket is closed with 1008. */
  public static final String WS_FRAME_RATE = "PARLEY_WS_FRAME_RATE";
  /** Frames of one socket being handled at once; more are refused with {@code too_many_requests}. */
  public static final String WS_MAX_IN_FLIGHT = "PARLEY_WS_MAX_IN_FLIGHT";
  /**
   * Milliseconds a gateway waits for a service's answer to a WebSocket request (room join and host
   * actions, signal relay, chat send, board op) before answering {@code unavailable} with a
   * {@code retryAfter}; REST keeps the services' own longer timeouts. Short, because a request the event
   * bus routes to a member that just died is never answered (Vert.x does not fail it when the connection
   * is refused) and the client's retry reaches a live one: every such request is safe to repeat (client
   * message ids, op ids, a join replacing the older connection).
   */
  public static final String REALTIME_TIMEOUT_MS = "PARLEY_REALTIME_TIMEOUT_MS";
  public static final String CLUSTER_NAME = "PARLEY_CLUSTER_NAME";
  public static final String CLUSTER_HOST = "PARLEY_CLUSTER_HOST";
  public static final String CLUSTER_PORT = "PARLEY_CLUSTER_PORT";
  public static final String CLUSTER_MEMBERS = "PARLEY_CLUSTER_MEMBERS";
  public static final String CLUSTER_K8S_SERVICE_DNS = "PARLEY_CLUSTER_K8S_SERVICE_DNS";
  /**
   * TCP port of the clustered event bus (the connections that carry messages between members, beside
   * Hazelcast's {@link #CLUSTER_PORT}); 0, the default, takes a free port. Containers fix it (5710) so
   * that network policies can name it.
   */
  public static final String EVENTBUS_PORT = "PARLEY_EVENTBUS_PORT";
  /**
   * Seconds a process run by {@link dev.parley.common.ServiceMain} keeps serving requests in flight after
   * SIGTERM, readiness already failing, before it closes (0 to 10; with the close, the drain stays within 30 s).
   */
  public static final String DRAIN_GRACE_S = "PARLEY_DRAIN_GRACE_S";
  public static final String LOGIN_MAX_FAILURES_PER_ACCOUNT = "PARLEY_LOGIN_MAX_FAILURES_PER_ACCOUNT";
  public static final String LOGIN_MAX_ATTEMPTS_PER_ADDRESS = "PARLEY_LOGIN_MAX_ATTEMPTS_PER_ADDRESS";
  public static final String TRUST_PROXY = "PARLEY_TRUST_PROXY";
  /**
   * Whether {@code /metrics} counts event-bus messages ({@code vertx_eventbus_*}); off by default for
   * their cost per message (see {@link dev.parley.common.ParleyVertx}).
   */
  public static final String METRICS_EVENT_BUS = "PARLEY_METRICS_EVENT_BUS";
  /** Comma-separated STUN URIs handed to clients, e.g. {@code stun:stun.example.org:3478} (RFC 7064). */
  public static final String STUN_URIS = "PARLEY_STUN_URIS";
  /** Comma-separated TURN URIs, e.g. {@code turn:turn.example.org:3478?transport=udp} (RFC 7065). */
  public static final String TURN_URIS = "PARLEY_TURN_URIS";
  /** The secret shared with the TURN server (coturn {@code static-auth-secret}). */
  public static final String TURN_SECRET = "PARLEY_TURN_SECRET";
  /** How long TURN credentials stay valid, in seconds. */
  public static final String TURN_TTL_S = "PARLEY_TURN_TTL_S";
  /** How long a member whose socket dropped keeps their place in a room, in seconds. */
  public static final String ROOM_GRACE_S = "PARLEY_ROOM_GRACE_S";
  /** How long a direct call rings before it is missed, in seconds. */
  public static final String CALL_RING_S = "PARLEY_CALL_RING_S";
  /**
   * How many gateway instances (event loops) a gateway process runs, sharing its HTTP port; 0, the
   * default, means one per event loop ({@link dev.parley.common.ParleyVertx#EVENT_LOOPS}, twice the
   * available processors), which spreads sockets over every thread and, in the standalone, beside every
   * signaling instance (bench/README.md).
   */
  public static final String GATEWAY_INSTANCES = "PARLEY_GATEWAY_INSTANCES";
  /** Chat messages one person may send in 10 seconds (chat-service). */
  public static final String CHAT_SEND_LIMIT = "PARLEY_CHAT_SEND_LIMIT";
  /** Comma-separated emails whose accounts are admins (made so at sign-up or at their next sign-in). */
  public static final String ADMIN_EMAILS = "PARLEY_ADMIN_EMAILS";
  /** Whether the first account created on an empty instance becomes admin (the standalone's dev mode). */
  public static final String FIRST_ACCOUNT_ADMIN = "PARLEY_FIRST_ACCOUNT_ADMIN";
  /** Days the audit log keeps an entry (a TTL index). */
  public static final String AUDIT_RETENTION_DAYS = "PARLEY_AUDIT_RETENTION_DAYS";
  /** Whiteboard ops one person may send a second, and their burst (board service). */
  public static final String BOARD_OP_RATE = "PARLEY_BOARD_OP_RATE";
  /** Whiteboard ops between two snapshots of a board (board service). */
  public static final String BOARD_SNAPSHOT_EVERY = "PARLEY_BOARD_SNAPSHOT_EVERY";

  /**
   * Who the people directory shows (auth-service): {@code all} (everyone on the instance) or
   * {@code contacts} (only people one shares a meeting, booking or conversation with).
   */
  public static final String DIRECTORY = "PARLEY_DIRECTORY";

  /**
   * {@code multiple} (default) or {@code single}: one live client (browser tab or device) per account,
   * held as a Redis lease (gateway).
   */
  public static final String SESSION_POLICY = "PARLEY_SESSION_POLICY";

  private static final String PREFIX = "PARLEY_";

  private static final JsonObject DEFAULTS = new JsonObject()
      .put(HTTP_HOST, "0.0.0.0")
      .put(HTTP_PORT, 8080)
      .put(PUBLIC_URL, "http://localhost:8080")
      .put(DATA_DIR, "./parley-data")
      .put(MONGO_URI, "mongodb://localhost:27017")
      .put(MONGO_DB, "parley")
      .put(REDIS_URI, "redis://localhost:6379")
      .put(SMTP_HOST, "localhost")
      .put(SMTP_PORT, 25)
      .put(SMTP_STARTTLS, "optional")
      .put(MAIL_FROM, "Parley <no-reply@parley.localhost>")
      .put(CORS_ORIGINS, "")
      .put(BODY_LIMIT_BYTES, 65_536)
      .put(WS_AUTH_TIMEOUT_MS, 5_000)
      .put(WS_IDLE_TIMEOUT_S, 60)
      .put(WS_FRAME_RATE, 1_000)
      .put(WS_MAX_IN_FLIGHT, 32)
      .put(REALTIME_TIMEOUT_MS, 3_000)
      .put(CLUSTER_NAME, "parley")
      .put(CLUSTER_HOST, "127.0.0.1")
      .put(CLUSTER_PORT, 5701)
      .put(CLUSTER_MEMBERS, "")
      .put(CLUSTER_K8S_SERVICE_DNS, "")
      .put(EVENTBUS_PORT, 0)
      .put(DRAIN_GRACE_S, 5)
      .put(LOGIN_MAX_FAILURES_PER_ACCOUNT, 5)
      .put(LOGIN_MAX_ATTEMPTS_PER_ADDRESS, 30)
      .put(TRUST_PROXY, false)
      .put(METRICS_EVENT_BUS, false)
      .put(STUN_URIS, "")
      .put(TURN_URIS, "")
      .put(TURN_SECRET, "")
      .put(TURN_TTL_S, 86_400)
      .put(ROOM_GRACE_S, 30)
      .put(CALL_RING_S, 30)
      .put(CHAT_SEND_LIMIT, 20)
      .put(ADMIN_EMAILS, "")
      .put(FIRST_ACCOUNT_ADMIN, false)
      .put(AUDIT_RETENTION_DAYS, 365)
      .put(BOARD_OP_RATE, 60)
      .put(BOARD_SNAPSHOT_EVERY, 200)
      .put(GATEWAY_INSTANCES, 0)
      .put(DIRECTORY, "all")
      .put(SESSION_POLICY, "multiple");

  private final JsonObject values;

  private ParleyConfig(JsonObject values) {
    this.values = values;
  }

  /**
   * Builds a configuration from defaults and the given values only, ignoring the environment.
   *
   * @param values {@code PARLEY_*} keys
   */
  public static ParleyConfig of(JsonObject values) {
    return new ParleyConfig(DEFAULTS.copy().mergeIn(values));
  }

  /**
   * Reads defaults, the {@code PARLEY_*} environment, then {@code overrides} through vertx-config.
   *
   * @param overrides {@code PARLEY_*} keys that win over the environment, e.g. a deployment config
   */
  public static Future<ParleyConfig> load(Vertx vertx, JsonObject overrides) {
    ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
        .setIncludeDefaultStores(false)
        .addStore(new ConfigStoreOptions().setType("json").setConfig(DEFAULTS))
        .addStore(new ConfigStoreOptions().setType("env")
            .setConfig(new JsonObject().put("raw-data", true)))
        .addStore(new ConfigStoreOptions().setType("json").setConfig(overrides == null ? new JsonObject() : overrides)));
    return retriever.getConfig()
        .map(all -> {
          JsonObject mine = new JsonObject();
          all.forEach(e -> {
            if (e.getKey().startsWith(PREFIX)) {
              mine.put(e.getKey(), e.getValue());
            }
          });
          return new ParleyConfig(mine);
        })
        .onComplete(ignored -> retriever.close());
  }

  /** @return the raw {@code PARLEY_*} values, e.g. to pass on as a deployment config */
  public JsonObject toJson() {
    return values.copy();
  }

  /** @return the value as a string, or {@code null} when absent or blank */
  public String string(String key) {
    Object value = values.getValue(key);
    if (value == null) {
      return null;
    }
    String text = value.toString().trim();
    return text.isEmpty() ? null : text;
  }

  /** @return the value as an int; fails with a message naming the key when it is not a number */
  public int integer(String key) {
    String text = string(key);
    if (text == null) {
      throw new IllegalStateException(key + " is required");
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(key + " must be a whole number, got '" + text + "'", e);
    }
  }

  /** @return {@code true} for "true", "1" or "yes" (any case) */
  public boolean bool(String key) {
    String text = string(key);
    return text != null && List.of("true", "1", "yes").contains(text.toLowerCase());
  }

  /** @return the comma-separated value split and trimmed, empty entries dropped */
  public List<String> list(String key) {
    String text = string(key);
    if (text == null) {
      return List.of();
    }
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  public int httpPort() {
    return integer(HTTP_PORT);
  }

  /**
   * @return {@link #GATEWAY_INSTANCES}, with 0 resolved to the number of event loops
   * @throws IllegalStateException when it is negative or above 256
   */
  public int gatewayInstances() {
    int instances = integer(GATEWAY_INSTANCES);
    if (instances < 0 || instances > 256) {
      throw new IllegalStateException(GATEWAY_INSTANCES + " must be between 0 (one per event loop) and 256, not " + instances);
    }
    return instances == 0 ? ParleyVertx.EVENT_LOOPS : instances;
  }

  public String httpHost() {
    return string(HTTP_HOST);
  }

  /** @return the public base URL without a trailing slash, used in links and as the JWT issuer default */
  public String publicUrl() {
    String url = string(PUBLIC_URL);
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public String jwtIssuer() {
    String issuer = string(JWT_ISSUER);
    return issuer == null ? publicUrl() : issuer;
  }

  public Path dataDir() {
    return Path.of(string(DATA_DIR));
  }

  public Duration wsAuthTimeout() {
    return Duration.ofMillis(integer(WS_AUTH_TIMEOUT_MS));
  }
}
