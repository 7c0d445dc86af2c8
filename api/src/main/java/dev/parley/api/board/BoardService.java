package dev.parley.api.board;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * The shared whiteboard of each meeting, served on {@link Addresses#BOARD}.
 *
 * <p>A board is a gap-free log of ops per meeting (seq 1, 2, 3…), each stored before it is
 * acknowledged and then published as {@code board.op {meetingId, seq, authorId, authorName, opId, op}}
 * on {@link Addresses#boardTopic(String)}. Every client applies ops in seq order with the same rules,
 * so every client converges to the same board; concurrent updates of one element resolve
 * last-writer-wins by seq. The op shapes, limits and the board state are described in
 * docs/websocket-protocol.md ("Whiteboard"). Live strokes and the laser pointer are published as
 * {@code board.live} and never stored.
 *
 * <p>Who: the meeting's members (the meeting service decides; a guest only its own meeting while it is
 * open) may read; drawing follows the board's setting ({@code everyone}, {@code hosts}: host and
 * co-hosts, or {@code named}: hosts and the named pen holders); clearing a page, deleting or switching
 * pages and changing the setting are for hosts. After the meeting ended the board is read-only.
 *
 * <p>Failures ({@link dev.parley.api.ErrorCode}): {@code BAD_REQUEST} naming the field for ops outside
 * the limits, {@code FORBIDDEN} for callers who may not see the meeting or may not do this,
 * {@code NOT_FOUND} for an update or delete of an element (or page) the board does not hold,
 * {@code CONFLICT} for an add of an id already on the board or any op after the meeting ended,
 * {@code TOO_MANY_REQUESTS} with {@code retryAfter} past the per-person op rate,
 * {@code UNAVAILABLE} when the store or the meeting service does not answer.
 */
@ProxyGen
@VertxGen
public interface BoardService {

  String ADDRESS = Addresses.BOARD;
  /** Largest encoded op, in bytes of UTF-8 JSON. */
  int MAX_OP_BYTES = 64 * 1024;
  /** Most points in one stroke, or in all the curves of one plot. */
  int MAX_POINTS = 10_000;
  /** Most characters (UTF-16 code units) of a text element. */
  int MAX_TEXT_LENGTH = 2_000;
  /** Bound of every coordinate and number in an op (inclusive, either sign). */
  double MAX_COORDINATE = 1e6;

  /** @return a proxy with a 10 s send timeout */
  static BoardService createProxy(Vertx vertx) {
    return createProxyWithTimeout(vertx, 10_000);
  }

  /** @return a proxy whose requests fail with a {@code TIMEOUT} reply failure after {@code timeoutMs} */
  static BoardService createProxyWithTimeout(Vertx vertx, long timeoutMs) {
    return new BoardServiceVertxEBProxy(vertx, ADDRESS, new DeliveryOptions().setSendTimeout(timeoutMs));
  }

  /**
   * The board as a late joiner or a reconnecting client needs it.
   *
   * @param sinceSeq the last seq the client applied (0 for none)
   * @return {@code {"meetingId", "lastSeq", "snapshot": state or null, "ops": [op...]}}: when
   *     {@code snapshot} is present the client replaces its board with it (it is the board as of
   *     {@code snapshot.seq}) and then applies {@code ops}; otherwise {@code ops} are exactly those
   *     after {@code sinceSeq}, in order
   */
  Future<JsonObject> sync(String meetingId, long sinceSeq, Caller caller);

  /**
   * Validates, stores and publishes one op. Idempotent per author and {@code opId}: the same id again
   * returns the stored op and stores nothing.
   *
   * @param opId 1..64 characters of {@code [A-Za-z0-9_-]}, chosen by the client
   * @return the stored op {@code {"meetingId", "seq", "authorId", "authorName", "opId", "op"}}
   */
  Future<JsonObject> apply(String meetingId, String opId, JsonObject op, Caller caller);

  /**
   * Publishes an ephemeral {@code board.live} (a stroke in progress, the laser pointer) to the room's
   * other sockets; stores nothing.
   *
   * @param live {@code {"kind": "stroke", "id", "page", "tool", "style", "points"}}, {@code {"kind":
   *     "laser", "page", "x", "y"}} or {@code {"kind": "end", "id"}}
   * @param connectionId the sender's socket, which does not get its own (may be null)
   */
  Future<Void> live(String meetingId, JsonObject live, String connectionId, Caller caller);
}
