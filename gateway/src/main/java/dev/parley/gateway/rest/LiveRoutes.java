package dev.parley.gateway.rest;

import dev.parley.api.signaling.SignalingService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * {@code GET /meetings/join/{joinCode}/live}: whether the call a join link leads to is live and how many
 * people are in it, for anyone holding the link, signed in or not (a count and the title, never names).
 * Signed-in clients get the same number pushed over the WebSocket ({@code live.watch}); a visitor
 * without an account has no socket and asks again from time to time. A browser that joined as a guest
 * before ({@link GuestPasses}) also learns the name it comes back with, or that it was removed.
 */
public final class LiveRoutes {

  private final SignalingService signaling;
  private final RequestContext context;
  private final GuestPasses guestPasses;

  public LiveRoutes(SignalingService signaling, RequestContext context, GuestPasses guestPasses) {
    this.signaling = signaling;
    this.context = context;
    this.guestPasses = guestPasses;
  }

  /** Attaches the handler to its operation id. */
  public void mount(RouterBuilder builder) {
    builder.getRoute("getJoinLinkLive").addHandler(guestPasses::read).addHandler(this::live);
  }

  private void live(RoutingContext rc) {
    signaling.liveByJoinCode(rc.pathParam("joinCode"), context.caller(rc))
        .onSuccess(live -> {
          rc.response().putHeader("Cache-Control", "no-store");
          int participants = live.getInteger("participants");
          JsonObject body = new JsonObject().put("title", live.getString("title"))
              .put("live", participants > 0).put("participants", participants);
          if (live.getJsonObject("guest") != null) {
            body.put("guest", live.getJsonObject("guest"));
          }
          Responses.json(rc, 200, body);
        })
        .onFailure(rc::fail);
  }
}
