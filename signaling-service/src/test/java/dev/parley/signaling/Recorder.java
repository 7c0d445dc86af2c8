package dev.parley.signaling;

import dev.parley.api.Addresses;
import dev.parley.api.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Stands in for gateways in tests: records the frames the signaling service sends to one gateway node
 * ({@link #gateway}) or publishes on one room topic ({@link #room}), and lets a test wait for one.
 * A fake gateway node answers every frame like a real one, with {@code not_found} for sockets the
 * test {@linkplain #closeSocket closed}.
 */
final class Recorder {

  private static final long WAIT_MS = 10_000;

  /**
   * One frame as it arrived.
   *
   * @param connection the {@code connection} header (point-to-point frames)
   * @param exclude the {@code exclude} header (topic frames)
   * @param text the frame as JSON text when it was sent as text (relayed signals), else null
   */
  record Frame(String connection, String exclude, JsonObject body, String text) {
    String type() {
      return body.getString("type");
    }

    JsonObject data() {
      return body.getJsonObject("data");
    }
  }

  private final List<Frame> frames = new ArrayList<>();
  private final Set<String> closedSockets = ConcurrentHashMap.newKeySet();
  private final String name;
  private MessageConsumer<Object> consumer;

  private Recorder(String name) {
    this.name = name;
  }

  /** @return a fake gateway node with a fresh id, registered on {@code parley.gateway.<nodeId>} */
  static Recorder gateway(Vertx vertx) throws Exception {
    Recorder recorder = new Recorder("node-" + UUID.randomUUID());
    recorder.consumer = vertx.eventBus().consumer(Addresses.gateway(recorder.name), recorder::deliver);
    Futures.await(recorder.consumer.completion());
    return recorder;
  }

  /** @return a recorder of everything published on the meeting's room topic */
  static Recorder room(Vertx vertx, String meetingId) throws Exception {
    Recorder recorder = new Recorder(meetingId);
    recorder.consumer = vertx.eventBus().consumer(Addresses.roomTopic(meetingId), recorder::record);
    Futures.await(recorder.consumer.completion());
    return recorder;
  }

  /** @return a recorder of everything published on the meeting's whiteboard topic */
  static Recorder board(Vertx vertx, String meetingId) throws Exception {
    Recorder recorder = new Recorder("board-" + meetingId);
    recorder.consumer = vertx.eventBus().consumer(Addresses.boardTopic(meetingId), recorder::record);
    Futures.await(recorder.consumer.completion());
    return recorder;
  }

  /** @return a recorder of everything published on a user's topic (what each of their clients gets) */
  static Recorder user(Vertx vertx, String userId) throws Exception {
    Recorder recorder = new Recorder("user-" + userId);
    recorder.consumer = vertx.eventBus().consumer(Addresses.userTopic(userId), recorder::record);
    Futures.await(recorder.consumer.completion());
    return recorder;
  }

  /** @return the gateway node id (for {@link #gateway}) */
  String nodeId() {
    return name;
  }

  /** From now on, frames for this connection fail with {@code not_found}, as for a closed socket. */
  void closeSocket(String connectionId) {
    closedSockets.add(connectionId);
  }

  /** @return the first frame of the type, waiting up to 10 s for it */
  Frame await(String type) throws InterruptedException {
    return await(type, frame -> type.equals(frame.type()));
  }

  /** @return the first frame of the type for the connection, waiting up to 10 s for it */
  Frame await(String type, String connectionId) throws InterruptedException {
    return await(type + " for " + connectionId,
        frame -> type.equals(frame.type()) && connectionId.equals(frame.connection()));
  }

  /** @return the first frame that matches, waiting up to 10 s for it */
  synchronized Frame await(String description, Predicate<Frame> match) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
    while (true) {
      for (Frame frame : frames) {
        if (match.test(frame)) {
          return frame;
        }
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new AssertionError("No " + description + " reached " + name + " within " + WAIT_MS + " ms; got " + frames);
      }
      wait(left);
    }
  }

  /** @return every frame so far, in arrival order */
  synchronized List<Frame> frames() {
    return List.copyOf(frames);
  }

  /** @return the types of every frame so far, in arrival order */
  synchronized List<String> types() {
    return frames.stream().map(Frame::type).toList();
  }

  void unregister() throws Exception {
    Futures.await(consumer.unregister());
  }

  private void deliver(Message<Object> message) {
    String connection = message.headers().get(Addresses.HEADER_CONNECTION);
    if (connection == null || closedSockets.contains(connection)) {
      message.fail(ErrorCode.NOT_FOUND.failureCode(), "No such connection on this gateway node");
      return;
    }
    record(message);
    message.reply(null);
  }

  /** Records a frame; one sent as JSON text (a relayed signal) is parsed as the recipient would. */
  private synchronized void record(Message<Object> message) {
    JsonObject body = message.body() instanceof String text ? new JsonObject(text) : (JsonObject) message.body();
    frames.add(new Frame(message.headers().get(Addresses.HEADER_CONNECTION),
        message.headers().get(Addresses.HEADER_EXCLUDE), body, message.body() instanceof String text ? text : null));
    notifyAll();
  }

  @Override
  public synchronized String toString() {
    return name + " " + frames;
  }
}
