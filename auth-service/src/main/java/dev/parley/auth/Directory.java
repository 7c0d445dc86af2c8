package dev.parley.auth;

import dev.parley.common.SearchKeys;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.auth.AuthService;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The people directory ({@link AuthService#directory}): a search over the accounts' folded keys
 * ({@link SearchKeys}) in the {@link DirectoryIndex}, in two phases — first the caller's contacts, then
 * everyone else (left out when {@link Mode#CONTACTS}) — each ordered by folded name, then id.
 *
 * <p>Matching: every word of the query must be the start of a word of the name (a range
 * {@code [word, upperBound(word))} of the index's name words), or, for a query without spaces, the
 * query must be the start of the email (a range of its emails). Email prefixes find strangers only once the query holds an {@code @} (the whole local part),
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

  private final DirectoryIndex index;
  private final Contacts contacts;
  private final Mode mode;

  Directory(DirectoryIndex index, Contacts contacts, Mode mode) {
    this.index = index;
    this.contacts = contacts;
    this.mode = mode;
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
    return contacts.of(caller).map(known -> {
      Search search = new Search(q, caller.getUserId(), known, admin);
      if (after != null && OTHERS_PHASE.equals(after.getString("p"))) {
        return search.others(position(after), size, new JsonArray());
      }
      return search.contacts(position(after), size);
    });
  }

  /** One request's search: the accounts the query matches and the caller's contacts. */
  private final class Search {
    private final Set<String> forContacts;
    private final Set<String> forStrangers;
    private final String self;
    private final Set<String> known;
    private final boolean admin;

    Search(String q, String self, Set<String> known, boolean admin) {
      this.self = self;
      this.known = known;
      this.admin = admin;
      List<String> words = SearchKeys.words(q);
      String email = q.isEmpty() || q.chars().anyMatch(Character::isWhitespace) ? null : q.toLowerCase(Locale.ROOT);
      // An empty query matches everyone (null); a query of only punctuation matches nobody. Contacts
      // are few: each is checked; strangers are looked up in the index's sorted keys.
      this.forContacts = q.isEmpty() ? null : index.matchingAmong(known, words, email);
      this.forStrangers = q.isEmpty() ? null : index.matching(words, email != null && email.contains("@") ? email : null);
    }

    JsonObject contacts(DirectoryIndex.Entry after, int size) {
      List<DirectoryIndex.Entry> found = index.page(forContacts, entry -> !entry.disabled() && known.contains(entry.id()),
          after, size + 1);
      JsonArray items = new JsonArray();
      found.stream().limit(size).forEach(entry -> items.add(item(entry, true)));
      if (found.size() > size) {
        return page(items, cursor(CONTACTS_PHASE, found.get(size - 1)));
      }
      if (mode == Mode.CONTACTS) {
        return page(items, null);
      }
      if (items.size() == size) {
        return page(items, encode(new JsonObject().put("p", OTHERS_PHASE)));
      }
      return others(null, size - items.size(), items);
    }

    JsonObject others(DirectoryIndex.Entry after, int size, JsonArray items) {
      if (mode == Mode.CONTACTS) {
        return page(items, null);
      }
      List<DirectoryIndex.Entry> found = index.page(forStrangers,
          entry -> !entry.disabled() && !known.contains(entry.id()) && !entry.id().equals(self), after, size + 1);
      found.stream().limit(size).forEach(entry -> items.add(item(entry, false)));
      return page(items, found.size() > size ? cursor(OTHERS_PHASE, found.get(size - 1)) : null);
    }

    private JsonObject item(DirectoryIndex.Entry entry, boolean contact) {
      JsonObject item = new JsonObject()
          .put("id", entry.id())
          .put("displayName", entry.displayName())
          .put("contact", contact);
      if (contact || admin) {
        item.put("email", entry.email());
      }
      return item;
    }
  }

  /** @return where a page continues from (the cursor's sort name and id), or null from the start */
  private static DirectoryIndex.Entry position(JsonObject after) {
    return after == null || after.getString("n") == null ? null
        : new DirectoryIndex.Entry(after.getString("i"), null, null, after.getString("n"), false);
  }

  private static JsonObject page(JsonArray items, String nextCursor) {
    return new JsonObject().put("items", items).put("nextCursor", nextCursor);
  }

  private static String cursor(String phase, DirectoryIndex.Entry last) {
    return encode(new JsonObject().put("p", phase).put("n", last.sortName()).put("i", last.id()));
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
