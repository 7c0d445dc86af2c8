package dev.parley.gateway.rest;

import dev.parley.api.chat.ChatService;
import io.vertx.core.Future;
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

  /** The contract's default page size for message history. */
  private static final int DEFAULT_LIMIT = 50;

  private final ChatService chat;
  private final RequestContext context;

  public ChatRoutes(ChatService chat, RequestContext context) {
    this.chat = chat;
    this.context = context;
  }

  /** Attaches each handler to its operation id. */
  public void mount(RouterBuilder builder) {
    builder.getRoute("listMeetingMessages").addHandler(rc -> history(rc, meeting(rc)));
    builder.getRoute("sendMeetingMessage").addHandler(rc -> send(rc, meeting(rc)));
    builder.getRoute("listConversations").addHandler(this::conversations);
    builder.getRoute("listConversationMessages").addHandler(rc -> history(rc, direct(rc)));
    builder.getRoute("sendConversationMessage").addHandler(rc -> send(rc, direct(rc)));
  }

  private void history(RoutingContext rc, Future<String> channel) {
    Long before = Bodies.longQuery(rc, "before");
    int limit = Bodies.intQuery(rc, "limit", DEFAULT_LIMIT);
    channel.compose(id -> chat.history(id, before, limit, context.caller(rc)))
        .onSuccess(page -> Responses.json(rc, 200, page))
        .onFailure(rc::fail);
  }

  private void send(RoutingContext rc, Future<String> channel) {
    JsonObject body = Bodies.json(rc);
    channel.compose(id -> body.containsKey("fileId")
            ? chat.shareFile(id, body.getString("clientMessageId"), body.getString("fileId"), body.getString("text"), context.caller(rc))
            : chat.send(id, body.getString("clientMessageId"), body.getString("text"), context.caller(rc)))
        .onSuccess(message -> Responses.json(rc, 201, message))
        .onFailure(rc::fail);
  }

  private void conversations(RoutingContext rc) {
    chat.conversations(context.caller(rc))
        .onSuccess(list -> Responses.json(rc, 200, list))
        .onFailure(rc::fail);
  }

  private static Future<String> meeting(RoutingContext rc) {
    return Future.succeededFuture(ChatService.meetingChannel(rc.pathParam("id")));
  }

  /** Resolves (and authorises) the caller's direct channel with the path's user. */
  private Future<String> direct(RoutingContext rc) {
    return chat.open(new JsonObject().put("userId", rc.pathParam("userId")), context.caller(rc))
        .map(state -> state.getString("channel"));
  }
}
