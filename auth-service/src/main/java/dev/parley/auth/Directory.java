package dev.parley.auth;

import dev.parley.common.SearchKeys;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.auth.AuthService;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The people directory ({@link AuthService#directory}): a search over the {@code users} collection's
 * folded keys ({@link SearchKeys}), in two phases — first the caller's contacts, then everyone else
 * (left out when {@link Mode#CONTACTS}) — each ordered by folded name, then id.
 *
 * <p>Matching: every word of the query must be the start of a word of the name (a range
 * {@code [word, upperBound(word))} over the multikey {@code nameWords} index), or, for a query
 * without spaces, the query must be the start of the email (a range over the unique {@code email}
 * index). Email prefixes find strangers only once the query holds an {@code @} (the whole local part),
 * so nobody learns addresses of people they share nothing with by typing them letter by letter.
 *
 * <p>Paging: the cursor names the phase and the last (sortName, id) seen; the next page continues
 * strictly after it, so every match is returned exactly once while accounts do not change (an
 * account renamed or a contact made between two pages may move). Emails are shown to admins and for
 * contacts only. Disabled accounts ({@code disabled: true}) and the caller never appear.
 */
final class Directory {

  /** Who the directory shows: {@code PARLEY_DIRECTORY}. */
  enum Mode {
    /** Everyone on the instance (as in a company's Teams). */
    ALL,
    /** Only people the caller shares a meeting, booking or conversation with. */
    CONTACTS;

    static Mode of(String value) {
      return value != null && value.trim().equalsIgnoreCase("contacts") ? CONTACTS : ALL;
    }
  }

  static final int DEFAULT_PAGE = 20;
  private static final String CONTACTS_PHASE = "c";
  private static final String OTHERS_PHASE = "o";
  private static final int MAX_CURSOR_LENGTH = 2_048;

  private final MongoClient mongo;
  private final Contacts contacts;
  private final Mode mode;

  Directory(MongoClient mongo, Contacts contacts, Mode mode) {
    this.mongo = mongo;
    this.contacts = contacts;
    this.mode = mode;
  }

  Future<Void> createIndexes() {
    return mongo.createIndex(UserRepository.COLLECTION, new JsonObject().put("nameWords", 1))
        .compose(v -> mongo.createIndex(UserRepository.COLLECTION, new JsonObject().put("sortName", 1).put("_id", 1)));
  }

  /** See {@link AuthService#directory}. */
  Future<JsonObject> search(String query, Integer limit, String cursor, Caller caller) {
    if (caller == null || !caller.isAccount()) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("Sign in to find people."));
    }
    String q = query == null ? "" : query.strip();
    if (q.length() > AuthService.MAX_QUERY_LENGTH) {
      return Future.failedFuture(field("q", "Search with at most " + AuthService.MAX_QUERY_LENGTH + " characters."));
    }
    int size = limit == null ? DEFAULT_PAGE : limit;
    if (size < 1 || size > AuthService.MAX_DIRECTORY_PAGE) {
      return Future.failedFuture(field("limit", "limit must be from 1 to " + AuthService.MAX_DIRECTORY_PAGE + "."));
    }
    JsonObject after;
    try {
      after = decode(cursor);
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      return Future.failedFuture(field("cursor", "This cursor is not one the directory gave out; start from the first page."));
    }
    boolean admin = Caller.ROLE_ADMIN.equals(caller.getRole());
    return contacts.of(caller).compose(known -> {
      Search search = new Search(q, caller.getUserId(), known, admin);
      if (after != null && OTHERS_PHASE.equals(after.getString("p"))) {
        return search.others(after.getString("n") == null ? null : after, size, new JsonArray());
      }
      return search.contacts(after, size);
    });
  }

  /** One request's search: the query's filters and the caller's contacts. */
  private final class Search {
    private final JsonObject nameOrEmail;
    private final JsonObject nameOrEmailForStrangers;
    private final String self;
    private final Set<String> known;
    private final boolean admin;

    Search(String q, String self, Set<String> known, boolean admin) {
      this.self = self;
      this.known = known;
      this.admin = admin;
      List<String> words = SearchKeys.words(q);
      String email = q.isEmpty() || q.chars().anyMatch(Character::isWhitespace) ? null : q.toLowerCase(Locale.ROOT);
      this.nameOrEmail = q.isEmpty() ? null : match(words, email);
      this.nameOrEmailForStrangers = q.isEmpty() ? null : match(words, email != null && email.contains("@") ? email : null);
    }

    Future<JsonObject> contacts(JsonObject after, int size) {
      JsonArray filter = visible(nameOrEmail)
          .add(new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(known)))));
      return find(filter, after, size + 1).compose(found -> {
        JsonArray items = new JsonArray();
        found.stream().limit(size).forEach(user -> items.add(item(user, true)));
        if (found.size() > size) {
          return Future.succeededFuture(page(items, cursor(CONTACTS_PHASE, found.get(size - 1))));
        }
        if (mode == Mode.CONTACTS) {
          return Future.succeededFuture(page(items, null));
        }
        if (items.size() == size) {
          return Future.succeededFuture(page(items, encode(new JsonObject().put("p", OTHERS_PHASE))));
        }
        return others(null, size - items.size(), items);
      });
    }

    Future<JsonObject> others(JsonObject after, int size, JsonArray items) {
      if (mode == Mode.CONTACTS) {
        return Future.succeededFuture(page(items, null));
      }
      List<String> excluded = new ArrayList<>(known);
      excluded.add(self);
      JsonArray filter = visible(nameOrEmailForStrangers)
          .add(new JsonObject().put("_id", new JsonObject().put("$nin", new JsonArray(excluded))));
      return find(filter, after, size + 1).map(found -> {
        found.stream().limit(size).forEach(user -> items.add(item(user, false)));
        return page(items, found.size() > size ? cursor(OTHERS_PHASE, found.get(size - 1)) : null);
      });
    }

    private JsonObject item(JsonObject user, boolean contact) {
      JsonObject item = new JsonObject()
          .put("id", user.getString("_id"))
          .put("displayName", user.getString("displayName"))
          .put("contact", contact);
      if (contact || admin) {
        item.put("email", user.getString("email"));
      }
      return item;
    }
  }

  /** @return the conditions every result meets: not disabled, matching the query ({@code $and} parts) */
  private static JsonArray visible(JsonObject match) {
    JsonArray and = new JsonArray().add(new JsonObject().put("disabled", new JsonObject().put("$ne", true)));
    if (match != null) {
      and.add(match);
    }
    return and;
  }

  /** @return a filter matching every word as a name-word prefix, or the email prefix; with neither, nobody */
  private static JsonObject match(List<String> words, String emailPrefix) {
    JsonArray alternatives = new JsonArray();
    if (!words.isEmpty()) {
      JsonArray all = new JsonArray();
      words.forEach(word -> all.add(new JsonObject().put("nameWords", new JsonObject().put("$elemMatch", range(word)))));
      alternatives.add(new JsonObject().put("$and", all));
    }
    if (emailPrefix != null) {
      alternatives.add(new JsonObject().put("email", range(emailPrefix)));
    }
    if (alternatives.isEmpty()) {
      // A query of only punctuation (or a stranger's partial email) matches nobody.
      return new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray()));
    }
    return new JsonObject().put("$or", alternatives);
  }

  private static JsonObject range(String prefix) {
    return new JsonObject().put("$gte", prefix).put("$lt", SearchKeys.upperBound(prefix));
  }

  private Future<List<JsonObject>> find(JsonArray and, JsonObject after, int limit) {
    if (after != null) {
      String name = after.getString("n");
      String id = after.getString("i");
      and.add(new JsonObject().put("$or", new JsonArray()
          .add(new JsonObject().put("sortName", new JsonObject().put("$gt", name)))
          .add(new JsonObject().put("sortName", name).put("_id", new JsonObject().put("$gt", id)))));
    }
    FindOptions options = new FindOptions()
        .setSort(new JsonObject().put("sortName", 1).put("_id", 1))
        .setLimit(limit)
        .setFields(new JsonObject().put("displayName", 1).put("email", 1).put("sortName", 1));
    return mongo.findWithOptions(UserRepository.COLLECTION, new JsonObject().put("$and", and), options);
  }

  private static JsonObject page(JsonArray items, String nextCursor) {
    return new JsonObject().put("items", items).put("nextCursor", nextCursor);
  }

  private static String cursor(String phase, JsonObject last) {
    return encode(new JsonObject().put("p", phase).put("n", last.getString("sortName")).put("i", last.getString("_id")));
  }

  private static String encode(JsonObject cursor) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** @return the cursor's fields ({@code p}, and {@code n}, {@code i} as strings or both absent); null for none */
  private static JsonObject decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    if (cursor.length() > MAX_CURSOR_LENGTH) {
      throw new IllegalArgumentException("too long");
    }
    JsonObject json = new JsonObject(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
    String phase = json.getString("p");
    String name = json.getString("n");
    String id = json.getString("i");
    if (!CONTACTS_PHASE.equals(phase) && !OTHERS_PHASE.equals(phase) || (name == null) != (id == null)
        || CONTACTS_PHASE.equals(phase) && name == null) {
      throw new IllegalArgumentException("malformed");
    }
    return json;
  }

  private static io.vertx.serviceproxy.ServiceException field(String name, String message) {
    return ErrorCode.BAD_REQUEST.exception(message, new JsonObject().put(ErrorCode.FIELD, name));
  }
}
