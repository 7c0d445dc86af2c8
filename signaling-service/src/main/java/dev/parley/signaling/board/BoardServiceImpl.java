package dev.parley.signaling.board;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.Ids;
import dev.parley.api.board.BoardService;
import dev.parley.api.meeting.AccessNotice;
import dev.parley.common.log.OrderedLog;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * {@link BoardService} on one instance: checks who asks ({@link BoardAccess}), how fast
 * ({@link OpRateLimit}) and what ({@link Ops}), appends through {@link BoardStore}'s gap-free log and
 * then publishes the op. Ops of one board are handled one after the other on this instance
 * ({@link Boards}), each checked against the board as this instance knows it; another instance's ops
 * are read from the store when the seq a write got shows that some were missed. Because every copy of
 * a board applies the same ops in the same order with the same rules ({@link BoardState}), a check made
 * against a slightly older board never makes copies differ: at worst an op becomes a no-op.
 * Event-loop confined.
 */
public final class BoardServiceImpl implements BoardService {

  /** A client this far behind gets the whole board instead of the ops it missed. */
  static final int MAX_INCREMENTAL = 500;
  private static final Set<String> LIVE_KINDS = Set.of("stroke", "laser", "end");
  private static final Logger LOG = LoggerFactory.getLogger(BoardServiceImpl.class);

  private final BoardAccess access;
  private final Boards boards;
  private final BoardStore store;
  private final OpRateLimit rateLimit;
  private final EventBus eventBus;
  private final Clock clock;

  BoardServiceImpl(BoardAccess access, Boards boards, BoardStore store, OpRateLimit rateLimit, EventBus eventBus, Clock clock) {
    this.access = access;
    this.boards = boards;
    this.store = store;
    this.rateLimit = rateLimit;
    this.eventBus = eventBus;
    this.clock = clock;
  }

  @Override
  public Future<JsonObject> sync(String meetingId, long sinceSeq, Caller caller) {
    if (!Ids.isId(meetingId)) {
      return Future.failedFuture(Fields.bad("meetingId", "'meetingId' must be a meeting id."));
    }
    if (sinceSeq < 0) {
      return Future.failedFuture(Fields.bad("sinceSeq", "'sinceSeq' must be 0 or more."));
    }
    return access.check(meetingId, caller).compose(member -> boards.serially(meetingId, () -> boards.current(meetingId)
        .compose(state -> {
          JsonObject reply = new JsonObject().put("meetingId", meetingId).put("lastSeq", state.seq());
          if (sinceSeq == state.seq()) {
            return Future.succeededFuture(reply.putNull("snapshot").put("ops", new JsonArray()));
          }
          if (sinceSeq == 0 || sinceSeq > state.seq() || state.seq() - sinceSeq > MAX_INCREMENTAL) {
            return Future.succeededFuture(reply.put("snapshot", state.toJson()).put("ops", new JsonArray()));
          }
          return store.after(meetingId, sinceSeq, MAX_INCREMENTAL).map(ops -> reply.putNull("snapshot")
              .put("ops", new JsonArray(ops.stream().filter(op -> op.getLong("seq") <= state.seq()).map(BoardServiceImpl::view).toList())));
        })));
  }

  @Override
  public Future<JsonObject> apply(String meetingId, String opId, JsonObject op, Caller caller) {
    try {
      if (!Ids.isId(meetingId)) {
        throw Fields.bad("meetingId", "'meetingId' must be a meeting id.");
      }
      if (!Fields.isId(opId)) {
        throw Fields.bad("opId", "'opId' must be 1..64 characters of A-Z a-z 0-9 - _.");
      }
      Ops.checkShape(op);
    } catch (ServiceException e) {
      return Future.failedFuture(e);
    }
    return access.check(meetingId, caller).compose(member -> {
      if (member.ended()) {
        return Future.failedFuture(ErrorCode.CONFLICT.exception("The meeting has ended; its board is read-only."));
      }
      try {
        rateLimit.admit(caller.getUserId(), System.nanoTime());
      } catch (ServiceException e) {
        return Future.failedFuture(e);
      }
      return boards.serially(meetingId, () -> boards.known(meetingId).compose(state -> {
        try {
          Ops.checkAgainst(state, op, member, caller.getUserId());
        } catch (ServiceException refused) {
          // A resend of an op that was stored (its add now conflicts, say) is answered with the op.
          return store.byOpId(meetingId, caller.getUserId(), opId)
              .compose(stored -> stored != null ? Future.succeededFuture(view(stored)) : Future.failedFuture(refused));
        }
        JsonObject entry = new JsonObject()
            .put("opId", opId)
            .put("authorId", caller.getUserId())
            .put("authorName", caller.getDisplayName())
            .put("authorHost", member.isHost())
            .put("at", clock.millis())
            .put("op", op);
        return store.append(meetingId, entry).compose(appended -> stored(meetingId, state, appended));
      }));
    });
  }

  private Future<JsonObject> stored(String meetingId, BoardState state, OrderedLog.Appended appended) {
    if (!appended.stored()) {
      return Future.succeededFuture(view(appended.entry()));
    }
    JsonObject view = view(appended.entry());
    Future<BoardState> current = appended.seq() == state.seq() + 1
        ? Future.succeededFuture(state)
        : boards.catchUp(meetingId, state, appended.seq() - 1);
    return current.map(board -> {
      board.apply(appended.entry());
      eventBus.publish(Addresses.boardTopic(meetingId), new JsonObject().put("type", "board.op").put("data", view));
      String kind = appended.entry().getJsonObject("op").getString("kind");
      if ("clear".equals(kind) || "page.delete".equals(kind) || board.seq() % boards.compactEvery() == 0) {
        boards.compact(meetingId, board);
      }
      return view;
    });
  }

  @Override
  public Future<Void> live(String meetingId, JsonObject live, String connectionId, Caller caller) {
    try {
      if (!Ids.isId(meetingId)) {
        throw Fields.bad("meetingId", "'meetingId' must be a meeting id.");
      }
      checkLive(live);
    } catch (ServiceException e) {
      return Future.failedFuture(e);
    }
    return access.check(meetingId, caller).compose(member -> boards.known(meetingId).compose(state -> {
      if (member.ended()) {
        return Future.failedFuture(ErrorCode.CONFLICT.exception("The meeting has ended; its board is read-only."));
      }
      if (!Ops.mayDraw(state, member, caller.getUserId())) {
        return Future.failedFuture(ErrorCode.FORBIDDEN.exception("The host has not given you the pen."));
      }
      JsonObject data = live.copy().put("meetingId", meetingId).put("authorId", caller.getUserId())
          .put("authorName", caller.getDisplayName());
      DeliveryOptions options = new DeliveryOptions();
      if (connectionId != null) {
        options.addHeader(Addresses.HEADER_EXCLUDE, connectionId);
      }
      eventBus.publish(Addresses.boardTopic(meetingId), new JsonObject().put("type", "board.live").put("data", data), options);
      return Future.<Void>succeededFuture();
    }));
  }

  private static void checkLive(JsonObject live) {
    if (live == null) {
      throw Fields.bad("live", "'live' must be an object.");
    }
    switch (Fields.oneOf(live, "kind", "kind", LIVE_KINDS)) {
      case "stroke" -> {
        Fields.only(live, "live", Set.of("kind", "id", "page", "tool", "style", "points"));
        Fields.id(live, "id", "id");
        Fields.id(live, "page", "page");
        JsonObject element = new JsonObject().put("id", live.getValue("id")).put("page", live.getValue("page"))
            .put("type", Fields.oneOf(live, "tool", "tool", Set.of("stroke", "highlighter")))
            .put("x", 0).put("y", 0).put("style", live.getValue("style")).put("points", live.getValue("points"));
        Elements.check(element, "live");
      }
      case "laser" -> {
        Fields.only(live, "live", Set.of("kind", "page", "x", "y"));
        Fields.id(live, "page", "page");
        Fields.number(live, "x", "x");
        Fields.number(live, "y", "y");
      }
      default -> {
        Fields.only(live, "live", Set.of("kind", "id"));
        Fields.id(live, "id", "id");
      }
    }
  }

  /** Drops what the notice takes away; a deleted meeting's board is deleted. */
  void revoke(AccessNotice notice) {
    access.revoke(notice);
    if (AccessNotice.EVERYONE.equals(notice.scope()) && notice.meetingId() != null) {
      boards.forget(notice.meetingId());
      store.delete(notice.meetingId()).onFailure(err -> LOG.warn("Deleting the board of meeting {} failed", notice.meetingId(), err));
    }
  }

  /** @return an op as clients see it: {@code {meetingId, seq, authorId, authorName, authorHost, opId, at, op}} */
  static JsonObject view(JsonObject stored) {
    return new JsonObject()
        .put("meetingId", stored.getString("meetingId"))
        .put("seq", stored.getLong("seq"))
        .put("authorId", stored.getString("authorId"))
        .put("authorName", stored.getString("authorName"))
        .put("authorHost", stored.getBoolean("authorHost", false))
        .put("opId", stored.getString("opId"))
        .put("at", stored.getLong("at"))
        .put("op", stored.getJsonObject("op"));
  }

  static List<JsonObject> views(List<JsonObject> stored) {
    return stored.stream().map(BoardServiceImpl::view).toList();
  }
}
