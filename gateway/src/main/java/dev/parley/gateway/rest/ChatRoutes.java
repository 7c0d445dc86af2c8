package dev.parley.gateway.rest;

import dev.parley.api.chat.ChatService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * The chat operations of the OpenAPI contract: {@code GET/POST /meetings/{id}/messages},
 * {@code GET /conversations}, {@code GET/POST /conversations/{userId}/messages}, each calling
 * {@link ChatService} with the verified caller. Bodies and parameters were validated against the
 * contract before these run; the chat service checks the rules (text length, membership).
 */
public final class ChatRoutes {

  private final ChatService chat;
  private final RequestContext context;

  public ChatRoutes(ChatService chat, RequestContext context) {
    this.chat = chat;
    this.context = context;
  }

  /** Attaches each handler to its operation id. */
  public void mount(RouterBuilder builder) {
    builder.getRoute("listMeetingMessages").addHandler(rc -> history(rc, ChatService.meetingChannel(rc.pathParam("id"))));
    builder.getRoute("sendMeetingMessage").addHandler(rc -> send(rc, ChatService.meetingChannel(rc.pathParam("id"))));
    builder.getRoute("listConversations").addHandler(this::conversations);
    builder.getRoute("listConversationMessages").addHandler(rc -> direct(rc, channel -> history(rc, channel)));
    builder.getRoute("sendConversationMessage").addHandler(rc -> direct(rc, channel -> send(rc, channel)));
  }

  private void history(RoutingContext rc, String channel) {
    String before = rc.queryParams().get("before");
    String limit = rc.queryParams().get("limit");
    chat.history(channel, before == null ? null : Long.valueOf(before), limit == null ? null : Integer.valueOf(limit),
            context.caller(rc))
        .onSuccess(page -> Responses.json(rc, 200, page))
        .onFailure(rc::fail);
  }

  private void send(RoutingContext rc, String channel) {
    JsonObject body = Bodies.json(rc);
    chat.send(channel, body.getString("clientMessageId"), body.getString("text"), context.caller(rc))
        .onSuccess(message -> Responses.json(rc, 201, message))
        .onFailure(rc::fail);
  }

  private void conversations(RoutingContext rc) {
    chat.conversations(context.caller(rc))
        .onSuccess(list -> Responses.json(rc, 200, list))
        .onFailure(rc::fail);
  }

  /** Resolves (and authorises) the caller's direct channel with the path's user, then continues. */
  private void direct(RoutingContext rc, java.util.function.Consumer<String> then) {
    chat.open(new JsonObject().put("userId", rc.pathParam("userId")), context.caller(rc))
        .onSuccess(state -> then.accept(state.getString("channel")))
        .onFailure(rc::fail);
  }
}
