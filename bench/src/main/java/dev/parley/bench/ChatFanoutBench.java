package dev.parley.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Chat fan-out benchmark (issue: persistent chat): 10 meetings of 20 members each (system properties
 * {@code bench.rooms}, {@code bench.members}) (the host, an account, and guests who joined by link), every member subscribed to
 * its meeting's chat over the gateway's WebSocket and sending a ~200 B message every
 * {@value #PERIOD_MS} ms (open loop, random phase). Through Parley on the standalone jar in its own
 * JVM: gateway → event bus → chat-service (MongoDB-compatible store, Redis send counter) → topic
 * publish → gateway fan-out to the room's sockets.
 *
 * <p>Reports delivered {@code chat.message} pushes per second (each message reaches all 20 members,
 * its sender included), acknowledged sends per second, refused or failed sends, and end-to-end
 * latency from the send to each delivery (p50/p99; sender and receivers run in this JVM, so one
 * clock serves both ends).
 *
 * <p>Usage (repository root, after {@code ./mvnw -q -DskipTests install}):
 * {@code ./mvnw -q -pl bench exec:java -Dbench.main=dev.parley.bench.ChatFanoutBench}; system
 * properties {@code bench.seconds} (default 20, measured after {@code bench.warmup}, default 5 s, of the
 * same traffic), {@code bench.rooms} (10), {@code bench.members} (20), {@code bench.periodMs} (200: the
 * interval between one member's messages).
 *
 * <p><b>Overload</b> (issue 17): {@code -Dbench.periodMs=67} offers three times the scenario's rate.
 * Besides the figures above the run then reports the server's live heap (after a full GC, {@code jcmd
 * GC.class_histogram}) before the traffic and at the end of the measured window, how the refused sends
 * were refused, and a <em>recovery probe</em>: 5 s after the traffic stops, one message per room, timed
 * to its delivery to all members (normal again means: acknowledged, and delivered in milliseconds).
 */
public final class ChatFanoutBench {

  static final int ROOMS = Integer.getInteger("bench.rooms", 10);
  static final int MEMBERS = Integer.getInteger("bench.members", 20);
  static final int PERIOD_MS = Integer.getInteger("bench.periodMs", 200);
  private static final int TEXT_BYTES = 200;
  private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup", 5);

  private ChatFanoutBench() {
  }

  public static void main(String[] args) throws Exception {
    int seconds = Integer.getInteger("bench.seconds", 20);
    Path jar = Path.of(System.getProperty("parley.jar", "standalone/target/parley.jar"));
    // One event loop: every socket handler and counter of the load generator runs on one thread.
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try (AuthBench.Server server = AuthBench.Server.start(jar)) {
      System.out.printf("machine: %d cores, Java %s; %d rooms x %d members, one ~%d B message per member every %d ms, %d s%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), ROOMS, MEMBERS, TEXT_BYTES,
          PERIOD_MS, seconds);
      List<List<Member>> rooms = setUp(vertx, server.port);
      long pid = server.process.pid();
      System.out.printf("server live heap before the traffic: %.1f MiB%n", liveHeapMiB(pid));
      Run run = new Run();
      run.heapAtEnd = () -> liveHeapMiB(pid);
      Promise<String> finished = Promise.promise();
      vertx.runOnContext(v -> run.start(vertx, rooms, seconds, finished));
      System.out.println(AuthBench.await(finished.future()));
      TimeUnit.MILLISECONDS.sleep(Math.max(0, 5_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - run.stopped)));
      Promise<String> probed = Promise.promise();
      vertx.runOnContext(v -> probe(rooms).onComplete(probed));
      System.out.println(AuthBench.await(probed.future()));
    } finally {
      vertx.close();
    }
  }

  /** One member's socket, with its pending request replies. */
  static final class Member {
    final WebSocket socket;
    final String channel;
    final Map<String, Promise<JsonObject>> replies = new HashMap<>();
    java.util.function.Consumer<JsonObject> onPush;
    int next;

    Member(WebSocket socket, String channel) {
      this.socket = socket;
      this.channel = channel;
    }

    Future<JsonObject> request(String type, JsonObject data) {
      String id = String.valueOf(++next);
      Promise<JsonObject> reply = Promise.promise();
      replies.put(id, reply);
      socket.writeTextMessage(new JsonObject().put("type", type).put("id", id).put("data", data).encode());
      return reply.future();
    }
  }

  private static List<List<Member>> setUp(Vertx vertx, int port) throws Exception {
    WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(ROOMS * MEMBERS * 2));
    List<List<Member>> rooms = new ArrayList<>();
    for (int r = 0; r < ROOMS; r++) {
      JsonObject host = AuthBench.await(http.post("/api/v1/auth/signup").sendJsonObject(new JsonObject()
          .put("email", "fanout" + r + "@parley.test").put("password", "fan-out benchmark 2026").put("displayName", "Host " + r)))
          .bodyAsJsonObject();
      JsonObject meeting = AuthBench.await(http.post("/api/v1/meetings").putHeader("Authorization", "Bearer " + host.getString("accessToken"))
          .sendJsonObject(new JsonObject().put("title", "Fan-out " + r).put("settings", new JsonObject().put("participantLimit", 50))))
          .bodyAsJsonObject();
      String channel = "meeting:" + meeting.getString("id");
      List<String> tokens = new ArrayList<>(List.of(host.getString("accessToken")));
      for (int m = 1; m < MEMBERS; m++) {
        tokens.add(AuthBench.await(http.post("/api/v1/meetings/join/" + meeting.getString("joinCode"))
            .sendJsonObject(new JsonObject().put("displayName", "Guest " + r + "." + m))).bodyAsJsonObject().getString("guestToken"));
      }
      List<Member> members = new ArrayList<>();
      for (String token : tokens) {
        WebSocket socket = AuthBench.await(ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")));
        Member member = new Member(socket, channel);
        socket.textMessageHandler(text -> {
          JsonObject frame = new JsonObject(text);
          if ("reply".equals(frame.getString("type"))) {
            Promise<JsonObject> reply = member.replies.remove(frame.getString("re"));
            if (reply != null) {
              reply.complete(frame);
            }
          } else if (member.onPush != null) {
            member.onPush.accept(frame);
          }
        });
        check(AuthBench.await(member.request("auth", new JsonObject().put("token", token))));
        check(AuthBench.await(member.request("chat.subscribe", new JsonObject().put("channel", channel))));
        members.add(member);
      }
      rooms.add(members);
    }
    return rooms;
  }

  /** @return the live heap of the process in MiB: {@code jcmd <pid> GC.class_histogram} runs a full GC and totals it */
  static double liveHeapMiB(long pid) {
    try {
      Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.class_histogram").redirectErrorStream(true).start();
      String out = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      jcmd.waitFor(60, TimeUnit.SECONDS);
      java.util.regex.Matcher total = java.util.regex.Pattern.compile("Total\\s+\\d+\\s+(\\d+)").matcher(out);
      return total.find() ? Long.parseLong(total.group(1)) / 1048576.0 : Double.NaN;
    } catch (IOException e) {
      return Double.NaN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Double.NaN;
    }
  }

  /** One message per room after the traffic stopped: acknowledged, and the time until all members have it. */
  private static Future<String> probe(List<List<Member>> rooms) {
    List<Future<Long>> probes = new ArrayList<>();
    for (List<Member> room : rooms) {
      long sentAt = System.nanoTime();
      String clientId = "probe-" + sentAt;
      int[] got = {0};
      Promise<Long> all = Promise.promise();
      for (Member member : room) {
        member.onPush = frame -> {
          if ("chat.message".equals(frame.getString("type"))
              && clientId.equals(frame.getJsonObject("data").getString("clientMessageId")) && ++got[0] == room.size()) {
            all.tryComplete((System.nanoTime() - sentAt) / 1_000_000);
          }
        };
      }
      room.get(0).request("chat.send", new JsonObject().put("channel", room.get(0).channel).put("clientMessageId", clientId)
          .put("text", "probe")).onSuccess(reply -> {
            if (!reply.getBoolean("ok", false)) {
              all.tryFail("refused: " + reply.encode());
            }
          });
      probes.add(all.future());
    }
    return Future.join(probes).transform(done -> {
      List<Long> millis = probes.stream().filter(Future::succeeded).map(Future::result).sorted().toList();
      return Future.succeededFuture(String.format("recovery probe 5 s after the traffic: %d of %d rooms delivered to all members, "
          + "slowest %s ms", millis.size(), probes.size(), millis.isEmpty() ? "-" : millis.get(millis.size() - 1)));
    });
  }

  private static void check(JsonObject reply) {
    if (!reply.getBoolean("ok", false)) {
      throw new IllegalStateException("refused: " + reply.encode());
    }
  }

  /** The measured run: open-loop senders, every delivery timed against the send time in the text. */
  static final class Run {
    final Latencies latencies = new Latencies();
    long ids;
    long sent;
    long acknowledged;
    long refused;
    long delivered;
    long started;
    long stopped;
    String refusal = "";
    java.util.function.DoubleSupplier heapAtEnd = () -> Double.NaN;
    double heapEndMiB = Double.NaN;
    Future<Double> heapEnd = Future.succeededFuture(Double.NaN);
    final Map<String, Long> refusals = new HashMap<>();

    /** Runs on the load generator's one event loop; completes {@code finished} with the report. */
    void start(Vertx vertx, List<List<Member>> rooms, int seconds, Promise<String> finished) {
      // Messages flow for the warm-up (JIT, pools) first; the counters start afterwards.
      started = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
      long deadline = started + TimeUnit.SECONDS.toNanos(seconds);
      List<Long> timers = new ArrayList<>();
      for (List<Member> room : rooms) {
        for (Member member : room) {
          member.onPush = frame -> {
            if ("chat.message".equals(frame.getString("type")) && !finished.future().isComplete()) {
              if (System.nanoTime() < started) {
                return;
              }
              String text = frame.getJsonObject("data").getString("text");
              long sentAt = Long.parseLong(text.substring(2, text.indexOf(';')));
              delivered++;
              latencies.record((System.nanoTime() - sentAt) / 1_000);
            }
          };
          long phase = 1 + ThreadLocalRandom.current().nextLong(PERIOD_MS);
          vertx.setTimer(phase, first -> timers.add(vertx.setPeriodic(PERIOD_MS, t -> {
            if (System.nanoTime() >= deadline) {
              return;
            }
            boolean measured = System.nanoTime() >= started;
            if (measured) {
              sent++;
            }
            String stamp = "t=" + System.nanoTime() + ";";
            String text = stamp + "x".repeat(TEXT_BYTES - stamp.length());
            member.request("chat.send", new JsonObject().put("channel", member.channel)
                    .put("clientMessageId", "b" + (++ids)).put("text", text))
                .onSuccess(reply -> {
                  if (!measured) {
                    return;
                  }
                  if (reply.getBoolean("ok", false)) {
                    acknowledged++;
                  } else {
                    refused++;
                    refusal = reply.getJsonObject("error").encode();
                    refusals.merge(reply.getJsonObject("error").getString("code"), 1L, Long::sum);
                  }
                });
          })));
        }
      }
      // Stop at the deadline, then give deliveries in flight up to 5 s to arrive.
      vertx.setTimer(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()), end -> {
        stopped = System.nanoTime();
        // Off the event loop: a full GC of the server takes a while.
        heapEnd = vertx.executeBlocking(() -> heapAtEnd.getAsDouble()).onSuccess(heap -> heapEndMiB = heap);
        timers.forEach(vertx::cancelTimer);
        long expected = acknowledged * MEMBERS;
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        vertx.setPeriodic(100, drain -> {
          if (delivered >= acknowledged * MEMBERS || System.nanoTime() > drainUntil) {
            vertx.cancelTimer(drain);
            heapEnd.onComplete(heap -> finished.tryComplete(report()));
          }
        });
        if (expected == 0) {
          heapEnd.onComplete(heap -> finished.tryComplete(report()));
        }
      });
    }

    String report() {
      double seconds = (stopped - started) / 1e9;
      return String.format("server live heap at the end of the window: %.1f MiB%n", heapEndMiB)
          + String.format("refused by code: %s%n", refusals)
          + String.format("sent %.0f msg/s, acknowledged %.0f msg/s, refused %d %s%n"
              + "delivered %.0f pushes/s (%d of %d expected = acknowledged x %d members)%n"
              + "end-to-end send -> delivery: %s",
          sent / seconds, acknowledged / seconds, refused, refusal, delivered / seconds, delivered, acknowledged * MEMBERS, MEMBERS,
          latencies.summary());
    }
  }
}
