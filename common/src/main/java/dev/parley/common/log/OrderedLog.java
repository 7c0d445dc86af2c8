package dev.parley.common.log;

import dev.parley.api.ErrorCode;
import dev.parley.common.mongo.MongoErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A gap-free, append-only log per key in one MongoDB collection, shared by chat messages (key: the
 * channel) and whiteboard ops (key: the meeting) (DESIGN §3). Each entry is a document
 * {@code {_id: "<key>#<seq>", <keyField>: key, seq (int64), ...entry fields}}.
 *
 * <p><b>Gap-free sequences across instances.</b> An entry is appended by inserting it at a candidate
 * {@code seq = k}; the {@code _id} {@code <key>#<k>} (and the unique index on {@code (keyField, seq)})
 * lets exactly one insert per {@code k} succeed. A candidate {@code k} is only ever tried when
 * {@code k - 1} is known to be stored: either {@code k - 1} came from the {@link Hint} (which must never
 * exceed what is stored: a {@code lastSeq} raised only after an insert succeeded, or the highest stored
 * seq itself) or the insert at {@code k - 1} has just failed because that slot is taken. By induction
 * every stored seq has its predecessor stored, so a key holds exactly {@code 1..n}: no gap (nothing is
 * reserved and then abandoned, unlike a counter incremented before the insert), no duplicate (the
 * unique key). A crash between the insert and raising a hint only leaves the hint behind; the next
 * append finds the slot taken and moves on. {@link #append} completes only after its insert
 * succeeded, so acknowledged means stored. Entries are never removed by this class.
 *
 * <p><b>Idempotency.</b> When the caller keeps a unique index on a client-chosen id, a duplicate-key
 * failure is told apart from a taken seq by asking {@link Duplicates} for the entry already stored
 * under that id (never by reading the error text).
 *
 * <p>Within one instance, appends to a key are queued so that they do not race each other, and each
 * starts just past the last seq the instance stored (no read of the hint while this instance is the
 * one writing); instances still race each other, which the unique key settles.
 *
 * <p>Works on MongoDB and on mongo-java-server (memory and H2 backends): it needs only unique indexes
 * and sorted, limited finds, no transactions. Confined to one event loop (a verticle's).
 */
public final class OrderedLog {

  /** Bounds an append under extreme contention; each failed attempt means someone else's entry was stored. */
  private static final int MAX_ATTEMPTS = 200;
  private static final int MAX_REMEMBERED = 10_000;

  /** Where an append starts: a seq known to be stored (0 for none), never one that is not. */
  @FunctionalInterface
  public interface Hint {
    Future<Long> lastSeq(String key);
  }

  /** Finds the entry stored earlier under the same client-chosen id as {@code entry}, or null. */
  @FunctionalInterface
  public interface Duplicates {
    Future<JsonObject> existing(String key, JsonObject entry);
  }

  /** @param stored whether this append stored it (false: an earlier append with the same client id did) */
  public record Appended(JsonObject entry, boolean stored) {
    /** @return the entry's sequence number */
    public long seq() {
      return entry.getLong("seq");
    }
  }

  private final MongoClient mongo;
  private final String collection;
  private final String keyField;
  private final Hint hint;
  private final Duplicates duplicates;
  /** The last append queued per key, and the highest seq this instance stored per key. */
  private final Map<String, Future<Appended>> tails = new HashMap<>();
  private final Map<String, Long> lastStored = new HashMap<>();

  /**
   * @param collection the log's collection
   * @param keyField the field holding the key (e.g. {@code channel})
   * @param hint where appends start; {@code null} to read the highest stored seq ({@link #highestSeq})
   * @param duplicates finds an entry stored under the same client id; {@code null} when entries have none
   */
  public OrderedLog(MongoClient mongo, String collection, String keyField, Hint hint, Duplicates duplicates) {
    this.mongo = mongo;
    this.collection = collection;
    this.keyField = keyField;
    this.hint = hint == null ? this::highestSeq : hint;
    this.duplicates = duplicates == null ? (key, entry) -> Future.succeededFuture() : duplicates;
  }

  /** Creates the unique index on {@code (keyField, seq)} that settles races (named {@code <keyField>_seq}). */
  public Future<Void> createIndexes() {
    return mongo.createIndexWithOptions(collection, new JsonObject().put(keyField, 1).put("seq", 1),
        new IndexOptions().unique(true).name(keyField + "_seq"));
  }

  /**
   * Stores {@code entry} at the key's next seq, or finds the one stored earlier under the same client id.
   *
   * @param entry the fields to store; {@code _id}, {@code seq} and the key field are set here
   * @return the stored document (with {@code seq}) and whether this call stored it; fails with the
   *     store's error, or {@code UNAVAILABLE} after {@value #MAX_ATTEMPTS} slots were taken by others
   */
  public Future<Appended> append(String key, JsonObject entry) {
    JsonObject doc = entry.copy().put(keyField, key);
    // Appends to one key from this instance go one at a time, each starting past the last seq this
    // instance stored: without that, n concurrent appends would race for every slot (n² inserts).
    Future<Appended> previous = tails.getOrDefault(key, Future.succeededFuture());
    Future<Appended> appended = previous.transform(ignored -> (lastStored.containsKey(key)
            ? Future.succeededFuture(lastStored.get(key))
            : hint.lastSeq(key))
        .compose(last -> insertAt(key, doc, last + 1, MAX_ATTEMPTS)))
        .onSuccess(result -> {
          if (result.stored()) {
            lastStored.merge(key, result.seq(), Math::max);
          }
        });
    tails.put(key, appended);
    appended.onComplete(done -> {
      if (tails.get(key) == appended) {
        tails.remove(key);
      }
    });
    if (lastStored.size() > MAX_REMEMBERED) {
      lastStored.clear();
    }
    return appended;
  }

  private Future<Appended> insertAt(String key, JsonObject doc, long seq, int attemptsLeft) {
    JsonObject candidate = doc.copy().put("_id", id(key, seq)).put("seq", seq);
    return mongo.insert(collection, candidate)
        .map(ignored -> new Appended(candidate, true))
        .recover(err -> {
          if (!MongoErrors.isDuplicateKey(err)) {
            return Future.failedFuture(err);
          }
          return duplicates.existing(key, doc).compose(existing -> {
            if (existing != null) {
              return Future.succeededFuture(new Appended(existing, false));
            }
            if (attemptsLeft <= 1) {
              return Future.failedFuture(ErrorCode.UNAVAILABLE.exception("This log is too busy right now; send again."));
            }
            // seq is taken, so seq + 1 is safe. Another instance is usually one or two ahead: try the
            // next slot at once, and ask the hint (which may be further ahead) from the second miss on.
            return MAX_ATTEMPTS - attemptsLeft < 1
                ? insertAt(key, doc, seq + 1, attemptsLeft - 1)
                : hint.lastSeq(key).compose(last -> insertAt(key, doc, Math.max(seq, last) + 1, attemptsLeft - 1));
          });
        });
  }

  /** @return the highest stored seq of the key (0 for none): always a safe {@link Hint} */
  public Future<Long> highestSeq(String key) {
    return mongo.findWithOptions(collection, new JsonObject().put(keyField, key),
            new FindOptions().setSort(new JsonObject().put("seq", -1)).setLimit(1).setFields(new JsonObject().put("seq", 1)))
        .map(docs -> docs.isEmpty() ? 0L : docs.get(0).getLong("seq", 0L));
  }

  /** @return the entries with seq {@code from..to} (inclusive) that are stored, in seq order, read by {@code _id} */
  public Future<List<JsonObject>> range(String key, long from, long to) {
    io.vertx.core.json.JsonArray ids = new io.vertx.core.json.JsonArray();
    for (long seq = from; seq <= to; seq++) {
      ids.add(id(key, seq));
    }
    return mongo.findWithOptions(collection, new JsonObject().put("_id", new JsonObject().put("$in", ids)),
        new FindOptions().setSort(new JsonObject().put("seq", 1)));
  }

  /** @return the entry at {@code seq}, or null */
  public Future<JsonObject> find(String key, long seq) {
    return mongo.findOne(collection, new JsonObject().put("_id", id(key, seq)).put(keyField, key), null);
  }

  /** @return up to {@code limit} entries with seq below {@code before}, newest first */
  public Future<List<JsonObject>> before(String key, long before, int limit) {
    JsonObject filter = new JsonObject().put(keyField, key).put("seq", new JsonObject().put("$lt", before));
    return mongo.findWithOptions(collection, filter, new FindOptions().setSort(new JsonObject().put("seq", -1)).setLimit(limit));
  }

  /** @return up to {@code limit} entries with seq above {@code after}, oldest first */
  public Future<List<JsonObject>> after(String key, long after, int limit) {
    JsonObject filter = new JsonObject().put(keyField, key).put("seq", new JsonObject().put("$gt", after));
    return mongo.findWithOptions(collection, filter, new FindOptions().setSort(new JsonObject().put("seq", 1)).setLimit(limit));
  }

  /** @return {@code <key>#<seq>}, an entry's {@code _id} */
  public static String id(String key, long seq) {
    return key + "#" + seq;
  }
}
