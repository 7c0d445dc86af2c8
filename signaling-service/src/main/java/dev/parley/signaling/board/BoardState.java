package dev.parley.signaling.board;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A board as of one seq: its pages, the hosts' current page, who may draw, and its elements. Ops are
 * applied in seq order by {@link #apply}, with the rules every client applies too (web-client
 * {@code board/model.js}), so every copy of the board that has applied the same ops is the same:
 * <ul>
 *   <li>an op its author could not make at its seq (stamped {@code authorHost} by the service) is
 *       ignored: host-only kinds from non-hosts, and any op from someone who may not draw then; so a
 *       check an instance made against a slightly older board can never make copies differ;</li>
 *   <li>{@code add}: ignored when the id is on the board or the page does not exist; otherwise the
 *       element is stored with {@code author} and {@code z} = the op's seq (later adds draw on top);</li>
 *   <li>{@code update}: merges {@code set} into the element (last writer wins by seq); ignored when
 *       the element is gone;</li>
 *   <li>{@code delete}: removes the element; {@code clear}: removes every element of a page;</li>
 *   <li>{@code page.add}: adds a page (at most {@value #MAX_PAGES}); {@code page.delete}: removes a
 *       page and its elements, never the last; {@code page.switch}: sets the current page;</li>
 *   <li>{@code settings}: sets {@code draw} and {@code pens}.</li>
 * </ul>
 * JSON ({@link #toJson}): {@code {"seq", "pages": [{id, name}], "currentPage", "draw":
 * "everyone|hosts|named", "pens": [participantId], "elements": [element + {author, z}] sorted by z}}.
 * Not thread-safe; each instance is confined to one event loop.
 */
final class BoardState {

  static final int MAX_PAGES = 50;
  static final String FIRST_PAGE = "p1";

  private long seq;
  private final Map<String, String> pages = new LinkedHashMap<>();
  private String currentPage = FIRST_PAGE;
  private String draw = "everyone";
  private JsonArray pens = new JsonArray();
  private final Map<String, JsonObject> elements = new LinkedHashMap<>();

  BoardState() {
    pages.put(FIRST_PAGE, "Page 1");
  }

  /** @return the state a {@link #toJson} wrote */
  static BoardState fromJson(JsonObject json) {
    BoardState state = new BoardState();
    state.seq = json.getLong("seq", 0L);
    state.pages.clear();
    for (Object page : json.getJsonArray("pages", new JsonArray())) {
      JsonObject p = (JsonObject) page;
      state.pages.put(p.getString("id"), p.getString("name"));
    }
    if (state.pages.isEmpty()) {
      state.pages.put(FIRST_PAGE, "Page 1");
    }
    state.currentPage = json.getString("currentPage", state.pages.keySet().iterator().next());
    state.draw = json.getString("draw", "everyone");
    state.pens = json.getJsonArray("pens", new JsonArray()).copy();
    for (Object element : json.getJsonArray("elements", new JsonArray())) {
      JsonObject e = (JsonObject) element;
      state.elements.put(e.getString("id"), e.copy());
    }
    return state;
  }

  long seq() {
    return seq;
  }

  String draw() {
    return draw;
  }

  /** @return whether someone may draw now: hosts always; others as {@code draw} says */
  boolean mayDraw(boolean host, String participantId) {
    return host || "everyone".equals(draw) || "named".equals(draw) && pens.contains(participantId);
  }

  boolean hasPage(String pageId) {
    return pages.containsKey(pageId);
  }

  int pageCount() {
    return pages.size();
  }

  int elementCount() {
    return elements.size();
  }

  /** @return the element, or null */
  JsonObject element(String id) {
    return elements.get(id);
  }

  /** Applies a stored op ({@code {seq, authorId, op}}); ops at or below the current seq are ignored. */
  void apply(JsonObject stored) {
    long opSeq = stored.getLong("seq");
    if (opSeq <= seq) {
      return;
    }
    seq = opSeq;
    JsonObject op = stored.getJsonObject("op");
    boolean host = stored.getBoolean("authorHost", false);
    if (Ops.HOST_KINDS.contains(op.getString("kind")) ? !host : !mayDraw(host, stored.getString("authorId"))) {
      return; // the author could not do this at this seq (the service refuses it; this is the guarantee)
    }
    switch (op.getString("kind")) {
      case "add" -> {
        JsonObject element = op.getJsonObject("element");
        String id = element.getString("id");
        if (!elements.containsKey(id) && pages.containsKey(element.getString("page"))) {
          elements.put(id, element.copy().put("author", stored.getString("authorId")).put("z", opSeq));
        }
      }
      case "update" -> {
        JsonObject element = elements.get(op.getString("id"));
        if (element != null) {
          element.mergeIn(op.getJsonObject("set").copy());
        }
      }
      case "delete" -> elements.remove(op.getString("id"));
      case "clear" -> removePage(op.getString("page"), false);
      case "page.add" -> {
        JsonObject page = op.getJsonObject("page");
        if (pages.size() < MAX_PAGES) {
          pages.putIfAbsent(page.getString("id"), page.getString("name"));
        }
      }
      case "page.delete" -> {
        if (pages.size() > 1 && pages.containsKey(op.getString("page"))) {
          removePage(op.getString("page"), true);
        }
      }
      case "page.switch" -> {
        if (pages.containsKey(op.getString("page"))) {
          currentPage = op.getString("page");
        }
      }
      case "settings" -> {
        draw = op.getString("draw");
        pens = op.getJsonArray("pens", new JsonArray()).copy();
      }
      default -> { }
    }
  }

  private void removePage(String pageId, boolean page) {
    elements.values().removeIf(e -> pageId.equals(e.getString("page")));
    if (page) {
      pages.remove(pageId);
      if (pageId.equals(currentPage)) {
        currentPage = pages.keySet().iterator().next();
      }
    }
  }

  JsonObject toJson() {
    JsonArray pageList = new JsonArray();
    pages.forEach((id, name) -> pageList.add(new JsonObject().put("id", id).put("name", name)));
    List<JsonObject> sorted = elements.values().stream()
        .sorted(java.util.Comparator.comparingLong((JsonObject e) -> e.getLong("z")).thenComparing(e -> e.getString("id")))
        .map(JsonObject::copy)
        .toList();
    return new JsonObject()
        .put("seq", seq)
        .put("pages", pageList)
        .put("currentPage", currentPage)
        .put("draw", draw)
        .put("pens", pens.copy())
        .put("elements", new JsonArray(new java.util.ArrayList<>(sorted)));
  }
}
