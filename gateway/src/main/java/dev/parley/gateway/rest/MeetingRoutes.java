package dev.parley.gateway.rest;

import dev.parley.api.Caller;
import dev.parley.api.meeting.MeetingService;
import dev.parley.api.signaling.SignalingService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meeting operations of the OpenAPI contract ({@code /meetings}, {@code /meetings/{id}},
 * {@code /meetings/join/{joinCode}}), each calling {@link MeetingService} with the verified caller,
 * and the live-room operations for platform users ({@code /meetings/{id}/end},
 * {@code /meetings/{id}/participants...}), which call {@link SignalingService} exactly as the
 * equivalent WebSocket frames do, so the same host checks apply. Bodies and parameters were validated
 * against the contract before these run.
 */
public final class MeetingRoutes {

  private static final int DEFAULT_PAGE_SIZE = 20;
  /** The meeting's {@code role} for its host (meeting service). */
  private static final String HOST = "host";
  private static final Logger LOG = LoggerFactory.getLogger(MeetingRoutes.class);

  private final MeetingService meetings;
  private final SignalingService signaling;
  private final RequestContext context;
  private final GuestPasses guestPasses;

  public MeetingRoutes(MeetingService meetings, SignalingService signaling, RequestContext context, GuestPasses guestPasses) {
    this.meetings = meetings;
    this.signaling = signaling;
    this.context = context;
    this.guestPasses = guestPasses;
  }

  /** Attaches each handler to its operation id. */
  public void mount(RouterBuilder builder) {
    builder.getRoute("createMeeting").addHandler(this::create);
    builder.getRoute("listMeetings").addHandler(this::list);
    builder.getRoute("getMeeting").addHandler(this::get);
    builder.getRoute("updateMeeting").addHandler(this::update);
    builder.getRoute("deleteMeeting").addHandler(this::delete);
    builder.getRoute("joinMeeting").addHandler(guestPasses::read).addHandler(this::join);
    builder.getRoute("endMeeting").addHandler(this::end);
    builder.getRoute("listParticipants").addHandler(this::participants);
    builder.getRoute("muteParticipant").addHandler(this::mute);
    builder.getRoute("removeParticipant").addHandler(this::remove);
  }

  private void create(RoutingContext rc) {
    meetings.create(Bodies.json(rc), context.caller(rc))
        .onSuccess(meeting -> {
          rc.response().putHeader("Location", "/api/v1/meetings/" + meeting.getString("id"));
          Responses.json(rc, 201, meeting);
        })
        .onFailure(rc::fail);
  }

  private void list(RoutingContext rc) {
    int page = Bodies.intQuery(rc, "page", 1);
    int size = Bodies.intQuery(rc, "size", DEFAULT_PAGE_SIZE);
    meetings.listMine(page, size, context.caller(rc))
        .onSuccess(result -> Responses.json(rc, 200, result))
        .onFailure(rc::fail);
  }

  private void get(RoutingContext rc) {
    meetings.get(rc.pathParam("id"), context.caller(rc))
        .onSuccess(meeting -> Responses.json(rc, 200, meeting))
        .onFailure(rc::fail);
  }

  private void update(RoutingContext rc) {
    meetings.update(rc.pathParam("id"), Bodies.json(rc), context.caller(rc))
        .onSuccess(meeting -> Responses.json(rc, 200, meeting))
        .onFailure(rc::fail);
  }

  /**
   * Deletes a meeting. When its host deletes it, its live room is ended first, as {@code POST
   * /meetings/{id}/end} would (everyone in the call sees the ended screen), so that no call goes on for
   * a meeting that no longer exists. Anyone else goes straight to the meeting service, which refuses
   * them before anything changes. A room that cannot be ended (signaling unreachable) does not stop
   * the deletion; it is logged.
   */
  private void delete(RoutingContext rc) {
    String meetingId = rc.pathParam("id");
    Caller caller = context.caller(rc);
    meetings.get(meetingId, caller)
        .transform(seen -> seen.succeeded() && HOST.equals(seen.result().getString("role"))
            ? endRoom(meetingId, caller)
            : Future.<Void>succeededFuture())
        .compose(v -> meetings.delete(meetingId, caller))
        .onSuccess(v -> rc.response().setStatusCode(204).end())
        .onFailure(rc::fail);
  }

  private Future<Void> endRoom(String meetingId, Caller caller) {
    return signaling.hostAction(meetingId, "end", new JsonObject(), caller).<Void>mapEmpty().recover(err -> {
      LOG.warn("The room of meeting {} was not ended before its deletion (correlation {}): {}", meetingId,
          caller.getCorrelationId(), err.getMessage());
      return Future.succeededFuture();
    });
  }

  private void join(RoutingContext rc) {
    JsonObject body = Bodies.json(rc);
    meetings.join(rc.pathParam("joinCode"), body.getString("displayName"), context.caller(rc))
        .onSuccess(result -> {
          rc.response().putHeader("Cache-Control", "no-store");
          Responses.json(rc, 200, guestPasses.keep(rc, result));
        })
        .onFailure(rc::fail);
  }

  private void end(RoutingContext rc) {
    signaling.hostAction(rc.pathParam("id"), "end", new JsonObject(), context.caller(rc))
        .onSuccess(v -> rc.response().setStatusCode(204).end())
        .onFailure(rc::fail);
  }

  private void participants(RoutingContext rc) {
    signaling.participants(rc.pathParam("id"), context.caller(rc))
        .onSuccess(members -> Responses.json(rc, 200, new JsonObject().put("items", members)))
        .onFailure(rc::fail);
  }

  private void mute(RoutingContext rc) {
    JsonObject args = new JsonObject().put("participantId", rc.pathParam("pid"))
        .put("hard", Bodies.json(rc).getBoolean("hard", false));
    signaling.hostAction(rc.pathParam("id"), "mute", args, context.caller(rc))
        .onSuccess(changed -> Responses.json(rc, 200, changed.getJsonObject("member")))
        .onFailure(rc::fail);
  }

  private void remove(RoutingContext rc) {
    signaling.hostAction(rc.pathParam("id"), "remove", new JsonObject().put("participantId", rc.pathParam("pid")),
        context.caller(rc))
        .onSuccess(v -> rc.response().setStatusCode(204).end())
        .onFailure(rc::fail);
  }
}
