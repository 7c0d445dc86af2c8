package dev.parley.signaling.board;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The boards this instance holds in memory, each loaded once from its latest snapshot plus the ops
 * after it, and the per-board queue that runs one board's requests one after the other. Snapshots are
 * written every {@code compactEvery} ops, on {@code clear} and {@code page.delete}, and after a load
 * that replayed more than {@code compactEvery} ops, so a late joiner's board never needs a long replay.
 * At most {@value #MAX_HELD} boards are held (least recently used dropped). Event-loop confined.
 */
final class Boards {

  static final int MAX_HELD = 200;
  private static final int PAGE = 2_000;
  private static final int RANGE = 200;
  /** A snapshot larger than this is not written (MongoDB's document limit is 16 MiB); the ops stay. */
  private static final int MAX_SNAPSHOT_BYTES = 12 * 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(Boards.class);

  private final BoardStore store;
  private final int compactEvery;
  private final Map<String, BoardState> held = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, Future<?>> tails = new HashMap<>();

  /** @param compactEvery ops between snapshots */
  Boards(BoardStore store, int compactEvery) {
    this.store = store;
    this.compactEvery = compactEvery;
  }

  int compactEvery() {
    return compactEvery;
  }

  /** Runs {@code task} after every earlier task of the same board has finished. */
  <T> Future<T> serially(String meetingId, Supplier<Future<T>> task) {
    Future<?> previous = tails.getOrDefault(meetingId, Future.succeededFuture());
    Future<T> next = previous.transform(ignored -> task.get());
    tails.put(meetingId, next);
    next.onComplete(done -> {
      if (tails.get(meetingId) == next) {
        tails.remove(meetingId);
      }
    });
    return next;
  }

  /** @return the board as this instance knows it (loaded when not held) */
  Future<BoardState> known(String meetingId) {
    BoardState state = held.get(meetingId);
    return state != null ? Future.succeededFuture(state) : load(meetingId);
  }

  /** @return the board with every op any instance stored so far applied */
  Future<BoardState> current(String meetingId) {
    return known(meetingId).compose(state -> catchUp(meetingId, state, Long.MAX_VALUE));
  }

  /** Applies the stored ops after the state's seq, up to {@code upTo}. */
  Future<BoardState> catchUp(String meetingId, BoardState state, long upTo) {
    if (state.seq() >= upTo) {
      return Future.succeededFuture(state);
    }
    if (upTo - state.seq() <= RANGE) {
      // The usual case: another instance stored a few ops since; read exactly those, by _id.
      return store.range(meetingId, state.seq() + 1, upTo).map(ops -> {
        ops.forEach(state::apply);
        return state;
      });
    }
    return store.after(meetingId, state.seq(), PAGE).compose(ops -> {
      for (JsonObject op : ops) {
        if (op.getLong("seq") <= upTo) {
          state.apply(op);
        }
      }
      return ops.size() < PAGE ? Future.succeededFuture(state) : catchUp(meetingId, state, upTo);
    });
  }

  private Future<BoardState> load(String meetingId) {
    return store.snapshot(meetingId).compose(snapshot -> {
      BoardState state = snapshot == null ? new BoardState() : BoardState.fromJson(snapshot);
      long from = state.seq();
      return catchUp(meetingId, state, Long.MAX_VALUE).map(loaded -> {
        BoardState raced = held.get(meetingId);
        if (raced != null && raced.seq() >= loaded.seq()) {
          return raced; // another request loaded it meanwhile
        }
        held.put(meetingId, loaded);
        if (held.size() > MAX_HELD) {
          held.remove(held.keySet().iterator().next());
        }
        if (loaded.seq() - from > compactEvery) {
          compact(meetingId, loaded);
        }
        return loaded;
      });
    });
  }

  /** Writes a snapshot of the board as it is now, in the background. */
  void compact(String meetingId, BoardState state) {
    JsonObject json = state.toJson();
    if (json.encode().getBytes(StandardCharsets.UTF_8).length > MAX_SNAPSHOT_BYTES) {
      LOG.warn("The board of meeting {} is too large for one snapshot at seq {}; it is replayed from the last one", meetingId, state.seq());
      return;
    }
    store.saveSnapshot(meetingId, json)
        .onFailure(err -> LOG.warn("Writing a snapshot of the board of meeting {} failed", meetingId, err));
  }

  /** Drops a board from memory (it was deleted). */
  void forget(String meetingId) {
    held.remove(meetingId);
  }

  /** @return the held boards' ids (tests) */
  List<String> heldIds() {
    return List.copyOf(held.keySet());
  }
}
