package dev.parley.signaling;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.board.BoardService;
import dev.parley.common.Clients;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.common.testing.TestConfig;
import dev.parley.signaling.board.BoardVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static dev.parley.signaling.Futures.await;
import static dev.parley.signaling.Futures.refused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whiteboard service over the event bus as the gateway calls it, with the auth and meeting services
 * beside it and two board instances behind one address (so that the bus alternates between them).
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Whiteboard: ordered, persisted, permitted ops")
class BoardServiceTest {

  private static final int SNAPSHOT_EVERY = 10;

  private static Deployment parley;
  private static BoardService board;
  private static MongoClient mongo;
  private static DeploymentOptions options;
  private static Caller host;
  private static Caller student;
  private static Caller stranger;
  private static final List<String> boardInstances = new ArrayList<>();

  @BeforeAll
  static void deploy(EmbeddedMongo embeddedMongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    parley = Deployment.start(embeddedMongo, redis, smtp);
    JsonObject config = TestConfig.forStores(embeddedMongo, redis, smtp).put(ParleyConfig.BOARD_SNAPSHOT_EVERY, SNAPSHOT_EVERY);
    options = new DeploymentOptions().setConfig(config);
    boardInstances.add(await(parley.vertx.deployVerticle(new BoardVerticle(), options)));
    boardInstances.add(await(parley.vertx.deployVerticle(new BoardVerticle(), options)));
    board = BoardService.createProxy(parley.vertx);
    mongo = Clients.mongo(parley.vertx, await(ParleyConfig.load(parley.vertx, config)));
    List<Caller> people = parley.accounts("Tutor", "Student", "Stranger");
    host = people.get(0);
    student = people.get(1);
    stranger = people.get(2);
  }

  @AfterAll
  static void close() throws Exception {
    parley.close();
  }

  /** Waits up to 10 s for a condition checked every 20 ms. */
  private static void until(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Not within 10 s: " + what);
      }
      Thread.sleep(20);
    }
  }

  private static String lesson() throws Exception {
    JsonObject meeting = parley.meeting(host, 8);
    parley.admit(meeting, student);
    return meeting.getString("id");
  }

  static JsonObject style() {
    return new JsonObject().put("color", "#1971c2").put("width", 4).put("fill", "none");
  }

  static JsonObject rect(String id) {
    return new JsonObject().put("kind", "add").put("element", new JsonObject().put("id", id).put("type", "rect")
        .put("page", "p1").put("x", 10).put("y", 20).put("w", 100).put("h", 50).put("style", style()));
  }

  static JsonObject stroke(String id, int points) {
    JsonArray flat = new JsonArray();
    for (int i = 0; i < points; i++) {
      flat.add(i % 500).add(i / 500).add(0.5);
    }
    return new JsonObject().put("kind", "add").put("element", new JsonObject().put("id", id).put("type", "stroke")
        .put("page", "p1").put("x", 0).put("y", 0).put("points", flat).put("style", style()));
  }

  private static JsonObject op(String meetingId, Caller who, JsonObject op) throws Exception {
    return await(board.apply(meetingId, "op-" + UUID.randomUUID(), op, who));
  }

  private static List<Long> storedSeqs(String meetingId) throws Exception {
    return await(mongo.findWithOptions("board_ops", new JsonObject().put("meetingId", meetingId),
        new FindOptions().setSort(new JsonObject().put("seq", 1)))).stream().map(d -> d.getLong("seq")).toList();
  }

  @Test
  @DisplayName("Ops get seq 1, 2, 3 in the order stored, are stored before the reply and are published to the board's topic")
  void opsAreOrderedStoredAndPublished() throws Exception {
    String meetingId = lesson();
    Recorder topic = Recorder.board(parley.vertx, meetingId);

    JsonObject first = op(meetingId, host, rect("r1"));
    JsonObject second = op(meetingId, student, stroke("s1", 3));
    JsonObject third = op(meetingId, student, new JsonObject().put("kind", "update").put("id", "r1")
        .put("set", new JsonObject().put("x", 300)));

    assertThat(List.of(first.getLong("seq"), second.getLong("seq"), third.getLong("seq"))).containsExactly(1L, 2L, 3L);
    assertThat(storedSeqs(meetingId)).containsExactly(1L, 2L, 3L);
    Recorder.Frame pushed = topic.await("the update", f -> "board.op".equals(f.type()) && f.data().getLong("seq") == 3);
    assertThat(pushed.data()).isEqualTo(third);
    assertThat(third.getString("authorId")).isEqualTo(student.getUserId());
  }

  @Test
  @DisplayName("A late joiner gets the board as a snapshot; a client that saw seq k gets exactly the ops after k")
  void syncFromScratchAndFromASeq() throws Exception {
    String meetingId = lesson();
    op(meetingId, host, rect("a"));
    op(meetingId, host, rect("b"));
    op(meetingId, student, new JsonObject().put("kind", "delete").put("id", "a"));
    op(meetingId, student, new JsonObject().put("kind", "update").put("id", "b").put("set", new JsonObject().put("w", 7)));

    JsonObject late = await(board.sync(meetingId, 0, student));
    JsonObject behind = await(board.sync(meetingId, 2, student));
    JsonObject current = await(board.sync(meetingId, 4, student));

    assertThat(late.getLong("lastSeq")).isEqualTo(4);
    JsonArray elements = late.getJsonObject("snapshot").getJsonArray("elements");
    assertThat(elements).hasSize(1);
    assertThat(elements.getJsonObject(0).getString("id")).isEqualTo("b");
    assertThat(elements.getJsonObject(0).getInteger("w")).isEqualTo(7);
    assertThat(behind.getValue("snapshot")).isNull();
    assertThat(behind.getJsonArray("ops").stream().map(o -> ((JsonObject) o).getLong("seq")).toList()).containsExactly(3L, 4L);
    assertThat(current.getJsonArray("ops")).isEmpty();
  }

  @Test
  @DisplayName("8 people drawing at once, 40 ops each, through two instances, get seq 1..320 with no gap, each op stored once")
  void concurrentOpsAreGapFree() throws Exception {
    String meetingId = lesson();
    List<Caller> crowd = parley.accounts("P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8");
    JsonObject meeting = await(parley.meetings.get(meetingId, host));
    parley.admit(meeting, crowd.toArray(Caller[]::new));
    // Each person sends their next op when the last is acknowledged, as a client does; the 8 race.
    List<Future<JsonObject>> sends = new ArrayList<>();
    for (int p = 0; p < crowd.size(); p++) {
      int person = p;
      Future<JsonObject> chain = Future.succeededFuture();
      for (int i = 0; i < 40; i++) {
        int n = i;
        chain = chain.compose(v -> board.apply(meetingId, "op-" + person + "-" + n, rect("e-" + person + "-" + n), crowd.get(person)));
      }
      sends.add(chain);
    }
    await(Future.all(sends));

    assertThat(storedSeqs(meetingId)).containsExactlyElementsOf(LongStream.rangeClosed(1, 320).boxed().toList());
    assertThat(await(board.sync(meetingId, 0, host)).getJsonObject("snapshot").getJsonArray("elements")).hasSize(320);
  }

  @Test
  @DisplayName("Sending the same opId again returns the stored op and stores nothing")
  void resendIsIdempotent() throws Exception {
    String meetingId = lesson();
    JsonObject first = await(board.apply(meetingId, "same-op", rect("x"), host));
    JsonObject again = await(board.apply(meetingId, "same-op", rect("x"), host));

    assertThat(again).isEqualTo(first);
    assertThat(storedSeqs(meetingId)).containsExactly(1L);
  }

  static Stream<JsonObject> badOps() {
    JsonObject farAway = rect("far");
    farAway.getJsonObject("element").put("x", 1e7);
    JsonObject nan = rect("nan");
    nan.getJsonObject("element").put("y", "NaN");
    JsonObject unknownType = rect("u");
    unknownType.getJsonObject("element").put("type", "iframe");
    JsonObject longText = new JsonObject().put("kind", "add").put("element", new JsonObject().put("id", "t").put("type", "text")
        .put("page", "p1").put("x", 0).put("y", 0).put("size", 16).put("style", style()).put("text", "x".repeat(65 * 1024)));
    JsonObject badColour = rect("c");
    badColour.getJsonObject("element").getJsonObject("style").put("color", "url(javascript:alert(1))");
    JsonObject extraField = rect("e");
    extraField.getJsonObject("element").put("onclick", "alert(1)");
    return Stream.of(stroke("big", BoardService.MAX_POINTS + 1), farAway, nan, unknownType, longText, badColour, extraField,
        new JsonObject().put("kind", "explode"));
  }

  @ParameterizedTest
  @MethodSource("badOps")
  @DisplayName("Ops outside the limits are refused with bad_request and nothing is stored")
  void badInput(JsonObject bad) throws Exception {
    String meetingId = lesson();
    refused(board.apply(meetingId, "bad", bad, host), ErrorCode.BAD_REQUEST);
    assertThat(storedSeqs(meetingId)).isEmpty();
    assertThat(op(meetingId, host, rect("fine")).getLong("seq")).as("the board still works").isEqualTo(1);
  }

  @Test
  @DisplayName("Updating or deleting an element the board does not hold is not_found; adding an id it holds is conflict")
  void foreignIds() throws Exception {
    String meetingId = lesson();
    op(meetingId, host, rect("mine"));
    String other = lesson();
    op(other, host, rect("theirs"));

    refused(board.apply(meetingId, "u", new JsonObject().put("kind", "delete").put("id", "theirs"), student), ErrorCode.NOT_FOUND);
    refused(board.apply(meetingId, "v", new JsonObject().put("kind", "update").put("id", "nobody")
        .put("set", new JsonObject().put("x", 1)), student), ErrorCode.NOT_FOUND);
    refused(board.apply(meetingId, "w", rect("mine"), student), ErrorCode.CONFLICT);
    assertThat(storedSeqs(meetingId)).containsExactly(1L);
  }

  @Test
  @DisplayName("With 'hosts only' a participant's op is forbidden and stores nothing; a named pen holder may draw")
  void permissions() throws Exception {
    String meetingId = lesson();
    op(meetingId, host, new JsonObject().put("kind", "settings").put("draw", "hosts"));

    refused(board.apply(meetingId, "p1", rect("s"), student), ErrorCode.FORBIDDEN);
    refused(board.live(meetingId, new JsonObject().put("kind", "laser").put("page", "p1").put("x", 1).put("y", 2), null, student),
        ErrorCode.FORBIDDEN);
    refused(board.apply(meetingId, "p2", new JsonObject().put("kind", "settings").put("draw", "everyone"), student), ErrorCode.FORBIDDEN);
    assertThat(storedSeqs(meetingId)).containsExactly(1L);

    op(meetingId, host, new JsonObject().put("kind", "settings").put("draw", "named").put("pens", new JsonArray().add(student.getUserId())));
    assertThat(op(meetingId, student, rect("s")).getLong("seq")).isEqualTo(3);
    refused(board.apply(meetingId, "p3", new JsonObject().put("kind", "clear").put("page", "p1"), student), ErrorCode.FORBIDDEN);
  }

  @Test
  @DisplayName("A stranger and a guest of another meeting are forbidden to read or write the board")
  void strangers() throws Exception {
    String meetingId = lesson();
    JsonObject otherMeeting = parley.meeting(host, 8);
    Caller otherGuest = parley.guest(otherMeeting, "Visitor");

    refused(board.sync(meetingId, 0, stranger), ErrorCode.FORBIDDEN);
    refused(board.apply(meetingId, "g", rect("g"), otherGuest), ErrorCode.FORBIDDEN);
    refused(board.sync(meetingId, 0, otherGuest), ErrorCode.FORBIDDEN);
    assertThat(storedSeqs(meetingId)).isEmpty();
  }

  @Test
  @DisplayName("A removed member loses the board at once, and deleting the meeting deletes its board")
  void revocation() throws Exception {
    JsonObject meeting = parley.meeting(host, 8);
    parley.admit(meeting, student);
    String meetingId = meeting.getString("id");
    op(meetingId, student, rect("before"));

    await(parley.meetings.removeMember(meetingId, student.getUserId(), host));
    refused(board.apply(meetingId, "after", rect("after"), student), ErrorCode.FORBIDDEN);

    await(parley.meetings.delete(meetingId, host));
    until("the board's ops are deleted", () -> storedSeqs(meetingId).isEmpty());
  }

  @Test
  @DisplayName("Past 60 ops a second a person gets too_many_requests; the refused ops are not stored")
  void rateLimit() throws Exception {
    String meetingId = lesson();
    List<Future<JsonObject>> flood = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      flood.add(board.apply(meetingId, "f" + i, rect("f" + i), student));
    }
    await(Future.join(flood).otherwiseEmpty());

    long refusedCount = flood.stream().filter(f -> f.failed() && f.cause() instanceof ServiceException se
        && ErrorCode.of(se.failureCode()) == ErrorCode.TOO_MANY_REQUESTS).count();
    long accepted = flood.stream().filter(Future::succeeded).count();
    assertThat(refusedCount).isPositive();
    assertThat(accepted + refusedCount).isEqualTo(150);
    assertThat(storedSeqs(meetingId)).hasSize((int) accepted);
  }

  @Test
  @DisplayName("Snapshots are written every N ops, and a restarted instance serves the same board from snapshot plus ops")
  void snapshotsAndRestart() throws Exception {
    String meetingId = lesson();
    for (int i = 0; i < 25; i++) {
      op(meetingId, host, rect("r" + i));
    }
    op(meetingId, host, new JsonObject().put("kind", "delete").put("id", "r3"));
    JsonObject before = await(board.sync(meetingId, 0, student)).getJsonObject("snapshot");
    until("a snapshot at seq 20 is written", () -> {
      JsonObject snap = await(mongo.findOne("board_snapshots", new JsonObject().put("_id", meetingId), null));
      return snap != null && snap.getLong("seq") >= 20;
    });

    for (String id : List.copyOf(boardInstances)) {
      await(parley.vertx.undeploy(id));
      boardInstances.remove(id);
    }
    boardInstances.add(await(parley.vertx.deployVerticle(new BoardVerticle(), options)));
    JsonObject after = await(board.sync(meetingId, 0, student)).getJsonObject("snapshot");

    assertThat(after).isEqualTo(before);
    assertThat(after.getJsonArray("elements")).hasSize(24);
  }

  @Test
  @DisplayName("A board of 10,000 ops loads for a late joiner from its snapshot, without replaying the ops (bench/README.md has the figures)")
  void tenThousandOps() throws Exception {
    String meetingId = lesson();
    List<io.vertx.ext.mongo.BulkOperation> inserts = new ArrayList<>();
    long bytes = 0;
    for (int seq = 1; seq <= 10_000; seq++) {
      // Three strokes of 20 points, then a move of the last one, over and over.
      JsonObject op = seq % 4 == 0
          ? new JsonObject().put("kind", "update").put("id", "s" + (seq - 1)).put("set", new JsonObject().put("x", seq % 300).put("y", 7))
          : stroke("s" + seq, 20);
      JsonObject doc = new JsonObject().put("_id", meetingId + "#" + seq).put("meetingId", meetingId).put("seq", (long) seq)
          .put("opId", "op" + seq).put("authorId", host.getUserId()).put("authorName", "Tutor").put("authorHost", true)
          .put("at", 1_700_000_000_000L + seq).put("op", op);
      bytes += doc.encode().length();
      inserts.add(io.vertx.ext.mongo.BulkOperation.createInsert(doc));
    }
    await(mongo.bulkWrite("board_ops", inserts));
    // Written straight into the store, the ops have no snapshot yet (the service writes one every 10
    // here): the first load replays all of them, which may take longer than a request's usual 10 s.
    BoardService patient = new dev.parley.api.board.BoardServiceVertxEBProxy(parley.vertx, BoardService.ADDRESS,
        new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(120_000));
    long replayStart = System.nanoTime();
    JsonObject replayed = await(patient.sync(meetingId, 0, student));
    long replayMs = (System.nanoTime() - replayStart) / 1_000_000;
    until("a snapshot at seq 10,000 is written", () -> {
      JsonObject snap = await(mongo.findOne("board_snapshots", new JsonObject().put("_id", meetingId), new JsonObject().put("seq", 1)));
      return snap != null && snap.getLong("seq") == 10_000;
    });
    for (String id : List.copyOf(boardInstances)) {
      await(parley.vertx.undeploy(id));
      boardInstances.remove(id);
    }
    boardInstances.add(await(parley.vertx.deployVerticle(new BoardVerticle(), options)));
    await(board.sync(lesson(), 0, host)); // the restarted instance has asked the meeting service once

    long loadStart = System.nanoTime();
    JsonObject loaded = await(board.sync(meetingId, 0, student));
    long loadMs = (System.nanoTime() - loadStart) / 1_000_000;

    System.out.printf("board of 10,000 ops: first load replaying every op %d ms; late joiner after a restart (snapshot) %d ms;"
        + " %d JSON bytes of ops per 1,000 ops; snapshot %d bytes%n", replayMs, loadMs, bytes / 10,
        loaded.getJsonObject("snapshot").encode().length());
    assertThat(loaded.getJsonObject("snapshot")).isEqualTo(replayed.getJsonObject("snapshot"));
    assertThat(loaded.getJsonObject("snapshot").getJsonArray("elements")).hasSize(7_500);
    // The issue's target is under a second; on the shared 2-core machine (load average 17-30 while
    // other builds ran) it measured 3.2 s (bench/README.md). This bound catches a fall back to
    // replaying every op (10 s and more here), not the target.
    assertThat(loadMs).as("late joiner's load time in ms").isLessThan(replayMs);
  }
}
