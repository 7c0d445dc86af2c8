package dev.parley.gateway.rest;

import dev.parley.api.meeting.InvitationService;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * The invitation operations of the OpenAPI contract ({@code /meetings/{id}/invitations} and
 * {@code /meetings/{id}/invitations/{invitationId}}), each calling {@link InvitationService} with the
 * verified caller. Shapes were validated against the contract; addresses, the message and who may
 * invite are checked by the service, which names the field at fault.
 */
public final class InvitationRoutes {

  private final InvitationService invitations;
  private final RequestContext context;

  public InvitationRoutes(InvitationService invitations, RequestContext context) {
    this.invitations = invitations;
    this.context = context;
  }

  /** Attaches each handler to its operation id. */
  public void mount(RouterBuilder builder) {
    builder.getRoute("createInvitations").addHandler(this::invite);
    builder.getRoute("listInvitations").addHandler(this::list);
    builder.getRoute("revokeInvitation").addHandler(this::revoke);
  }

  /** 202: the invitations are stored and their mails queued, not yet sent. */
  private void invite(RoutingContext rc) {
    invitations.invite(rc.pathParam("id"), Bodies.json(rc), context.caller(rc))
        .onSuccess(created -> Responses.json(rc, 202, created))
        .onFailure(rc::fail);
  }

  private void list(RoutingContext rc) {
    invitations.list(rc.pathParam("id"), context.caller(rc))
        .onSuccess(found -> Responses.json(rc, 200, found))
        .onFailure(rc::fail);
  }

  private void revoke(RoutingContext rc) {
    invitations.revoke(rc.pathParam("id"), rc.pathParam("invitationId"), context.caller(rc))
        .onSuccess(v -> rc.response().setStatusCode(204).end())
        .onFailure(rc::fail);
  }
}
