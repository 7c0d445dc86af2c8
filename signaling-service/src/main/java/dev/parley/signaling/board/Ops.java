package dev.parley.signaling.board;

import dev.parley.api.ErrorCode;
import dev.parley.api.board.BoardService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static dev.parley.signaling.board.Fields.bad;

/**
 * The rules of a {@code board.op} (issue 15): its shape by {@code kind}, its size, who may send it, and
 * whether it fits the board as it stands.
 * <ul>
 *   <li>{@code add {element}} (see {@link Elements}), {@code update {id, set}}, {@code delete {id}}:
 *       anyone who may draw;</li>
 *   <li>{@code page.add {page: {id, name (1..80)}}}: anyone who may draw;</li>
 *   <li>{@code clear {page}}, {@code page.delete {page}}, {@code page.switch {page}},
 *       {@code settings {draw: everyone|hosts|named, pens: [participantId] (≤ 50)}}: hosts only.</li>
 * </ul>
 * Whole op at most {@value BoardService#MAX_OP_BYTES} bytes of JSON.
 */
final class Ops {

  static final Set<String> KINDS = Set.of("add", "update", "delete", "clear", "page.add", "page.delete", "page.switch", "settings");
  static final Set<String> HOST_KINDS = Set.of("clear", "page.delete", "page.switch", "settings");
  static final Set<String> DRAW_MODES = Set.of("everyone", "hosts", "named");
  static final int MAX_PENS = 50;

  private Ops() {
  }

  /** Checks an op's shape and size (not yet against the board); throws {@code BAD_REQUEST} naming the field. */
  static void checkShape(JsonObject op) {
    if (op == null) {
      throw bad("op", "'op' must be an object.");
    }
    if (op.encode().getBytes(StandardCharsets.UTF_8).length > BoardService.MAX_OP_BYTES) {
      throw bad("op", "An op is at most 64 KiB of JSON.");
    }
    String kind = Fields.oneOf(op, "kind", "op.kind", KINDS);
    switch (kind) {
      case "add" -> {
        Fields.only(op, "op", Set.of("kind", "element"));
        Elements.check(Fields.object(op, "element", "op.element"), "op.element");
      }
      case "update" -> {
        Fields.only(op, "op", Set.of("kind", "id", "set"));
        Fields.id(op, "id", "op.id");
        Fields.object(op, "set", "op.set");
      }
      case "delete" -> {
        Fields.only(op, "op", Set.of("kind", "id"));
        Fields.id(op, "id", "op.id");
      }
      case "clear", "page.delete", "page.switch" -> {
        Fields.only(op, "op", Set.of("kind", "page"));
        Fields.id(op, "page", "op.page");
      }
      case "page.add" -> {
        Fields.only(op, "op", Set.of("kind", "page"));
        JsonObject page = Fields.object(op, "page", "op.page");
        Fields.only(page, "op.page", Set.of("id", "name"));
        Fields.id(page, "id", "op.page.id");
        Fields.text(page, "name", "op.page.name", 80);
      }
      case "settings" -> {
        Fields.only(op, "op", Set.of("kind", "draw", "pens"));
        Fields.oneOf(op, "draw", "op.draw", DRAW_MODES);
        JsonArray pens = op.containsKey("pens") ? Fields.array(op, "pens", "op.pens", 0, MAX_PENS) : new JsonArray();
        for (Object pen : pens) {
          if (!Fields.isId(pen)) {
            throw bad("op.pens", "'op.pens' must hold participant ids.");
          }
        }
      }
      default -> throw bad("op.kind", "Unknown op kind.");
    }
  }

  /** @return whether someone with this standing may draw on the board now */
  static boolean mayDraw(BoardState state, BoardAccess.Member member, String participantId) {
    return state.mayDraw(member.isHost(), participantId);
  }

  /** Refuses an op its sender may not send ({@code FORBIDDEN}) or that does not fit the board. */
  static void checkAgainst(BoardState state, JsonObject op, BoardAccess.Member member, String participantId) {
    String kind = op.getString("kind");
    if (HOST_KINDS.contains(kind) && !member.isHost()) {
      throw ErrorCode.FORBIDDEN.exception("Only the host and co-hosts may do that on the board.");
    }
    if (!mayDraw(state, member, participantId)) {
      throw ErrorCode.FORBIDDEN.exception("The host has not given you the pen.");
    }
    switch (kind) {
      case "add" -> {
        JsonObject element = op.getJsonObject("element");
        if (state.element(element.getString("id")) != null) {
          throw ErrorCode.CONFLICT.exception("The board already holds an element with that id.");
        }
        if (!state.hasPage(element.getString("page"))) {
          throw ErrorCode.NOT_FOUND.exception("The board has no such page.", new JsonObject().put(ErrorCode.FIELD, "op.element.page"));
        }
      }
      case "update" -> {
        JsonObject element = existing(state, op.getString("id"));
        Elements.checkUpdate(element.getString("type"), op.getJsonObject("set"), "op.set");
      }
      case "delete" -> existing(state, op.getString("id"));
      case "clear", "page.switch" -> page(state, op.getString("page"));
      case "page.delete" -> {
        page(state, op.getString("page"));
        if (state.pageCount() == 1) {
          throw ErrorCode.CONFLICT.exception("A board keeps at least one page.");
        }
      }
      case "page.add" -> {
        if (state.hasPage(op.getJsonObject("page").getString("id"))) {
          throw ErrorCode.CONFLICT.exception("The board already has a page with that id.");
        }
        if (state.pageCount() >= BoardState.MAX_PAGES) {
          throw ErrorCode.CONFLICT.exception("A board has at most " + BoardState.MAX_PAGES + " pages.");
        }
      }
      default -> { }
    }
  }

  private static JsonObject existing(BoardState state, String id) {
    JsonObject element = state.element(id);
    if (element == null) {
      throw ErrorCode.NOT_FOUND.exception("The board holds no element with that id.", new JsonObject().put(ErrorCode.FIELD, "op.id"));
    }
    return element;
  }

  private static void page(BoardState state, String pageId) {
    if (!state.hasPage(pageId)) {
      throw ErrorCode.NOT_FOUND.exception("The board has no such page.", new JsonObject().put(ErrorCode.FIELD, "op.page"));
    }
  }
}
