package dev.parley.auth;

import dev.parley.api.Addresses;
import dev.parley.common.SearchKeys;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The directory's search keys of every account, held in this auth instance's memory: folded name
 * words and emails as sorted maps (a prefix is a sub-map, as it was an index range in MongoDB) and the
 * accounts in directory order (folded name, then id).
 *
 * <p>Why in memory: the standalone's store (mongo-java-server) answers a range query by scanning every
 * document, about a second over 100,000 accounts (bench/README.md); here a search takes milliseconds on
 * any store (bench/README.md). Memory: an entry, its word sets' slots and two map entries per account,
 * estimated at a few hundred bytes each (not measured yet).
 *
 * <p>Kept current: loaded at start from the {@code users} collection; every write of an account's
 * directory fields ({@link UserRepository}: sign-up, a new display name, disabling, deletion) applies
 * to this instance's index before the write's caller hears back, and publishes the account's id on
 * {@link Addresses#DIRECTORY_CHANGED} so that every other auth instance reads that account again.
 * Used on the auth verticle's event loop only (not thread-safe).
 */
final class DirectoryIndex {

  /** One account as the directory sees it. */
  record Entry(String id, String displayName, String email, String sortName, boolean disabled) {
  }

  /** Directory order: folded name, then id. */
  static final Comparator<Entry> ORDER = Comparator.comparing(Entry::sortName).thenComparing(Entry::id);
  private static final JsonObject FIELDS = new JsonObject().put("displayName", 1).put("email", 1).put("sortName", 1)
      .put("nameWords", 1).put("disabled", 1);

  private final MongoClient mongo;
  private final EventBus bus;
  private final Map<String, Entry> byId = new HashMap<>();
  private final Map<String, List<String>> wordsOf = new HashMap<>();
  private final TreeMap<String, Set<String>> byWord = new TreeMap<>();
  private final TreeMap<String, String> byEmail = new TreeMap<>();
  private final TreeSet<Entry> ordered = new TreeSet<>(ORDER);
  private MessageConsumer<JsonObject> changes;

  DirectoryIndex(MongoClient mongo, EventBus bus) {
    this.mongo = mongo;
    this.bus = bus;
  }

  /** Starts listening to other instances' changes, then reads every account (streamed, not held in a list). */
  Future<Void> load() {
    changes = bus.consumer(Addresses.DIRECTORY_CHANGED, message -> reread(message.body().getString("userId")));
    Promise<Void> loaded = Promise.promise();
    mongo.findBatchWithOptions(UserRepository.COLLECTION, new JsonObject(), new FindOptions().setFields(FIELDS).setBatchSize(1_000))
        .exceptionHandler(loaded::tryFail)
        .endHandler(v -> loaded.tryComplete())
        .handler(this::put);
    return changes.completion().compose(v -> loaded.future());
  }

  /** Stops listening. */
  Future<Void> close() {
    return changes == null ? Future.succeededFuture() : changes.unregister();
  }

  /** An account was written (its document as stored now): applied here, announced to other instances. */
  void written(JsonObject doc) {
    put(doc);
    bus.publish(Addresses.DIRECTORY_CHANGED, new JsonObject().put("userId", doc.getString("_id")));
  }

  /** An account's directory fields changed in the store: read again here, announced to other instances. */
  Future<Void> changed(String id) {
    return reread(id).onComplete(ar -> bus.publish(Addresses.DIRECTORY_CHANGED, new JsonObject().put("userId", id)));
  }

  /** An account was deleted: removed here, announced to other instances. */
  void deleted(String id) {
    remove(id);
    bus.publish(Addresses.DIRECTORY_CHANGED, new JsonObject().put("userId", id));
  }

  /** @return how many accounts the index holds */
  int size() {
    return byId.size();
  }

  /**
   * @param words folded query words, each of which must start a word of the name; none for no name match
   * @param emailPrefix lower-case start of the email, or null
   * @return the ids of the accounts matching either way (an unmodifiable view or a new set)
   */
  Set<String> matching(List<String> words, String emailPrefix) {
    Set<String> found = new HashSet<>();
    if (!words.isEmpty()) {
      Set<String> all = null;
      for (String word : words) {
        Set<String> starting = new HashSet<>();
        byWord.subMap(word, SearchKeys.upperBound(word)).values().forEach(starting::addAll);
        if (all == null) {
          all = starting;
        } else {
          all.retainAll(starting);
        }
      }
      found.addAll(all);
    }
    if (emailPrefix != null && !emailPrefix.isEmpty()) {
      found.addAll(byEmail.subMap(emailPrefix, SearchKeys.upperBound(emailPrefix)).values());
    }
    return found;
  }

  /**
   * @param words folded query words, each of which must start a word of the name
   * @param emailPrefix lower-case start of the email, or null
   * @return which of {@code ids} match either way (checked one by one: for a few ids, such as contacts)
   */
  Set<String> matchingAmong(Set<String> ids, List<String> words, String emailPrefix) {
    Set<String> found = new HashSet<>();
    for (String id : ids) {
      Entry entry = byId.get(id);
      if (entry == null) {
        continue;
      }
      List<String> own = wordsOf.get(id);
      boolean byName = !words.isEmpty() && words.stream().allMatch(word -> own.stream().anyMatch(w -> w.startsWith(word)));
      boolean byEmail = emailPrefix != null && !emailPrefix.isEmpty() && entry.email() != null && entry.email().startsWith(emailPrefix);
      if (byName || byEmail) {
        found.add(id);
      }
    }
    return found;
  }

  /**
   * One page in directory order.
   *
   * @param among the ids to choose from ({@link #matching}), or null for every account
   * @param keep what a result must also be (not disabled, a contact or not, not the caller)
   * @param after the last entry of the previous page (only its sort name and id are read), or null
   * @return up to {@code limit} entries strictly after {@code after}
   */
  List<Entry> page(Set<String> among, Predicate<Entry> keep, Entry after, int limit) {
    List<Entry> page = new ArrayList<>(limit);
    // Few candidates: keep the first `limit` of them in a bounded heap. Many (or everyone): walk the
    // accounts in order and pick.
    if (among != null && among.size() * 8L < ordered.size()) {
      PriorityQueue<Entry> firsts = new PriorityQueue<>(limit + 1, ORDER.reversed());
      for (String id : among) {
        Entry entry = byId.get(id);
        if (entry != null && keep.test(entry) && (after == null || ORDER.compare(entry, after) > 0)) {
          firsts.add(entry);
          if (firsts.size() > limit) {
            firsts.poll();
          }
        }
      }
      page.addAll(firsts);
      page.sort(ORDER);
      return page;
    }
    NavigableSet<Entry> rest = after == null ? ordered : ordered.tailSet(after, false);
    for (Entry entry : rest) {
      if (page.size() == limit) {
        break;
      }
      if ((among == null || among.contains(entry.id())) && keep.test(entry)) {
        page.add(entry);
      }
    }
    return page;
  }

  private Future<Void> reread(String id) {
    if (id == null) {
      return Future.succeededFuture();
    }
    return mongo.findOne(UserRepository.COLLECTION, new JsonObject().put("_id", id), FIELDS).map(doc -> {
      if (doc == null) {
        remove(id);
      } else {
        put(doc);
      }
      return null;
    });
  }

  private void put(JsonObject doc) {
    String id = doc.getString("_id");
    remove(id);
    String sortName = doc.getString("sortName", SearchKeys.sortKey(doc.getString("displayName")));
    Entry entry = new Entry(id, doc.getString("displayName"), doc.getString("email"), sortName, doc.getBoolean("disabled", false));
    JsonArray stored = doc.getJsonArray("nameWords");
    List<String> words = stored != null
        ? stored.stream().map(String::valueOf).toList()
        : SearchKeys.words(doc.getString("displayName"));
    byId.put(id, entry);
    wordsOf.put(id, words);
    words.forEach(word -> byWord.computeIfAbsent(word, w -> new HashSet<>(4)).add(id));
    if (entry.email() != null) {
      byEmail.put(entry.email(), id);
    }
    ordered.add(entry);
  }

  private void remove(String id) {
    Entry old = byId.remove(id);
    if (old == null) {
      return;
    }
    for (String word : wordsOf.remove(id)) {
      Set<String> ids = byWord.get(word);
      if (ids != null && ids.remove(id) && ids.isEmpty()) {
        byWord.remove(word);
      }
    }
    if (old.email() != null) {
      byEmail.remove(old.email(), id);
    }
    ordered.remove(old);
  }
}
