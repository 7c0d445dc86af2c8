package dev.parley.bench;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.parley.common.SearchKeys;
import dev.parley.common.embedded.EmbeddedMongo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.parley.bench.AuthBench.await;

/**
 * The people directory over many accounts, and presence push latency, on the standalone.
 *
 * <ol>
 *   <li>Seeds {@code -Dbench.accounts} (100,000) accounts straight into the standalone's kind of store
 *   — mongo-java-server, over an H2 file ({@code -Dbench.store=h2}, the standalone's default) or in
 *   memory ({@code memory}, the default here: see bench/README.md for why), served from this JVM and handed to
 *   {@code standalone/target/parley.jar} as {@code PARLEY_MONGO_URI}, so that the standalone talks to it
 *   over loopback exactly as to its embedded one. The documents carry their search keys and the
 *   indexes exist before the first insert: on this store, building an index or giving keys to
 *   100,000 existing documents at start is one long scan, during which H2's MVStore may drop chunks
 *   still being read ("Chunk … not found", seen twice under load);</li>
 *   <li>one client signs up and searches {@code GET /api/v1/users} back to back for each kind of query
 *   (a rare surname, a common first-name prefix, an accented name typed without accents, a whole
 *   email, a query matching nobody), {@code -Dbench.searches} (200) each after {@code -Dbench.warmup}
 *   (20), and reports p50/p99;</li>
 *   <li>presence: a watcher's socket watches a second account; that account's socket opens and
 *   authenticates, and the time from opening it to the watcher's {@code presence.changed online} is
 *   recorded; the socket closes and the watcher's {@code offline} is awaited; {@code -Dbench.presence}
 *   (100) rounds.</li>
 * </ol>
 */
public final class DirectoryBench {

  private static final String[] FIRST = {"Ann", "Bob", "Chloé", "Dana", "Élodie", "Farid", "Grete", "Hugo", "Inès", "Jonas",
      "Kai", "Léa", "Mateo", "Nora", "Oskar", "Paula", "Quentin", "Rosa", "Søren", "Tomás", "Ute", "Vera", "Wen", "Xavier",
      "Yara", "Zoë", "Ali", "Björn", "Carmen", "Dmitri"};
  private static final String[] LAST = {"Müller", "García", "Nowak", "Dubois", "Rossi", "Jansen", "Silva", "Kowalski",
      "Ångström", "Novák", "Smith", "Brown", "Łukasz", "Öztürk", "Hansen", "Costa", "Moreau", "Weber", "Fischer", "Bianchi"};
  private static final String PASSWORD = "benchmark passphrase 2026";

  private DirectoryBench() {
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(System.getProperty("parley.jar", "standalone/target/parley.jar"));
    int accounts = Integer.getInteger("bench.accounts", 100_000);
    int searches = Integer.getInteger("bench.searches", 200);
    int warmup = Integer.getInteger("bench.warmup", 20);
    int presenceRounds = Integer.getInteger("bench.presence", 100);
    Path data = Files.createTempDirectory("parley-directory-bench");
    Vertx vertx = Vertx.vertx();
    try {
      System.out.printf("machine: %d cores, Java %s; %d accounts%n", Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"), accounts);
      long seeding = System.nanoTime();
      // -Dbench.store=h2 (the standalone's default store, over a file) or memory (its in-memory backend)
      boolean h2 = "h2".equals(System.getProperty("bench.store", "memory"));
      EmbeddedMongo store = h2 ? EmbeddedMongo.over(new H2Backend(data.resolve("mongo.mv").toString())) : EmbeddedMongo.inMemory();
      System.out.println("store: mongo-java-server, " + (h2 ? "H2 file backend" : "in-memory backend"));
      seed(vertx, store, accounts);
      System.out.printf("seeded in %.1f s%n", (System.nanoTime() - seeding) / 1e9);
      System.setProperty("bench.readySeconds", "900");
      try (store; AuthBench.Server server = AuthBench.Server.start(jar, data, java.util.Map.of("PARLEY_MONGO_URI", store.connectionString()))) {
        System.out.printf("standalone ready (search keys given to every account) in %.1f s%n", server.readyMillis / 1000.0);
        WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port));
        JsonObject searcher = signup(client, "Sam Searcher", "sam.searcher@bench.test");
        String token = searcher.getString("accessToken");
        for (String q : searches == 0 ? List.<String>of() : List.of("Ångström", "ka", "zoe angstrom", "dana.nowak.4242@bench.test", "nobodyhasthisname")) {
          Latencies latencies = new Latencies();
          int found = 0;
          for (int i = 0; i < searches + warmup; i++) {
            long started = System.nanoTime();
            JsonObject page = await(client.get("/api/v1/users?limit=20&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))
                .putHeader("Authorization", "Bearer " + token).send()).bodyAsJsonObject();
            if (i >= warmup) { // the first ones warm up
              latencies.record((System.nanoTime() - started) / 1_000);
            }
            found = page.getJsonArray("items").size();
          }
          System.out.printf("search %-30s %2d on the first page  %s%n", "'" + q + "'", found, latencies.summary());
        }
        presence(vertx, client, server.port, token, presenceRounds);
      }
    } finally {
      vertx.close();
    }
  }

  private static JsonObject signup(WebClient client, String name, String email) throws Exception {
    return await(client.post("/api/v1/auth/signup").sendJsonObject(new JsonObject().put("email", email)
        .put("password", PASSWORD).put("displayName", name).put("refreshTokenTransport", "body"))).bodyAsJsonObject();
  }

  /** Writes the accounts into the store. */
  private static void seed(Vertx vertx, EmbeddedMongo mongo, int accounts) throws Exception {
    {
      MongoClient client = MongoClient.create(vertx, new JsonObject().put("connection_string", mongo.connectionString())
          .put("db_name", "parley"));
      await(client.createIndexWithOptions("users", new JsonObject().put("email", 1),
          new io.vertx.ext.mongo.IndexOptions().unique(true).name("email_unique")));
      await(client.createIndex("users", new JsonObject().put("nameWords", 1)));
      await(client.createIndex("users", new JsonObject().put("sortName", 1).put("_id", 1)));
      Random random = new Random(42);
      String date = Instant.now().toString();
      for (int start = 0; start < accounts; start += 1_000) {
        List<BulkOperation> batch = new ArrayList<>();
        for (int i = start; i < Math.min(accounts, start + 1_000); i++) {
          String first = FIRST[random.nextInt(FIRST.length)];
          String last = LAST[random.nextInt(LAST.length)];
          String local = (first + "." + last + "." + i).toLowerCase();
          batch.add(BulkOperation.createInsert(new JsonObject()
              .put("_id", UUID.randomUUID().toString())
              .put("email", local + "@bench.test")
              .put("displayName", first + " " + last)
              .put("nameWords", new JsonArray(SearchKeys.words(first + " " + last)))
              .put("sortName", SearchKeys.sortKey(first + " " + last))
              .put("passwordHash", "not-a-hash")
              .put("role", "user")
              .put("createdAt", new JsonObject().put("$date", date))
              .put("passwordChangedAt", new JsonObject().put("$date", date))));
        }
        await(client.bulkWrite("users", batch));
        if (start % 20_000 == 0) {
          System.out.printf("  %d accounts%n", start);
        }
      }
      await(client.close());
    }
  }

  private static void presence(Vertx vertx, WebClient client, int port, String watcherToken, int rounds) throws Exception {
    JsonObject bob = signup(client, "Bob Presence", "bob.presence@bench.test");
    String bobId = bob.getJsonObject("user").getString("id");
    WebSocketClient sockets = vertx.createWebSocketClient();
    BlockingQueue<JsonObject> watcherFrames = new ArrayBlockingQueue<>(1_000);
    WebSocket watcher = open(sockets, port, watcherToken, watcherFrames);
    watcher.writeTextMessage(new JsonObject().put("type", "presence.watch").put("id", "w")
        .put("data", new JsonObject().put("userIds", new JsonArray().add(bobId))).encode());
    next(watcherFrames, "reply");
    Latencies online = new Latencies();
    for (int i = 0; i < rounds; i++) {
      long started = System.nanoTime();
      WebSocket bobSocket = open(sockets, port, bob.getString("accessToken"), new ArrayBlockingQueue<>(100));
      expectStatus(watcherFrames, "online");
      online.record((System.nanoTime() - started) / 1_000);
      await(bobSocket.close());
      expectStatus(watcherFrames, "offline");
    }
    System.out.println("presence: Bob's socket opens -> watcher gets 'online': " + online.summary());
  }

  private static WebSocket open(WebSocketClient sockets, int port, String token, BlockingQueue<JsonObject> frames) throws Exception {
    WebSocket socket = await(sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")));
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    socket.writeTextMessage(new JsonObject().put("type", "auth").put("id", "a").put("data", new JsonObject().put("token", token)).encode());
    next(frames, "reply"); // no other frame may come before the auth reply
    return socket;
  }

  private static void expectStatus(BlockingQueue<JsonObject> frames, String status) throws Exception {
    JsonObject frame = next(frames, "presence.changed");
    if (!status.equals(frame.getJsonObject("data").getString("status"))) {
      throw new IllegalStateException("expected " + status + ", got " + frame.encode());
    }
  }

  private static JsonObject next(BlockingQueue<JsonObject> frames, String type) throws Exception {
    while (true) {
      JsonObject frame = frames.poll(30, TimeUnit.SECONDS);
      if (frame == null) {
        throw new IllegalStateException("no " + type + " within 30 s");
      }
      if (type.equals(frame.getString("type"))) {
        return frame;
      }
    }
  }
}
