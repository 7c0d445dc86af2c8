package dev.parley.gateway.rest;

import dev.parley.api.scheduling.SchedulingService;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * The scheduling operations of the OpenAPI contract ({@code /events}, {@code /events/{id}},
 * {@code /events/{id}/timeslots...}, {@code /bookings}), each calling {@link SchedulingService} with the
 * verified caller. Shapes were validated against the contract; dates and their offsets are checked by
 * the service, which names the field at fault.
 */
public final class SchedulingRoutes {

  private static final int DEFAULT_PAGE_SIZE = 20;

  private final SchedulingService scheduling;
  private final RequestContext context;

  public SchedulingRoutes(SchedulingService scheduling, RequestContext context) {
    this.scheduling = scheduling;
    this.context = context;
  }

  /** Attaches each handler to its operation id. */
  public void mount(RouterBuilder builder) {
    builder.getRoute("createEvent").addHandler(this::createEvent);
    builder.getRoute("listEvents").addHandler(this::listEvents);
    builder.getRoute("getEvent").addHandler(this::getEvent);
    builder.getRoute("deleteEvent").addHandler(this::deleteEvent);
    builder.getRoute("createTimeslots").addHandler(this::createTimeslots);
    builder.getRoute("listTimeslots").addHandler(this::listTimeslots);
    builder.getRoute("deleteTimeslot").addHandler(this::deleteTimeslot);
    builder.getRoute("bookTimeslot").addHandler(this::book);
    builder.getRoute("unbookTimeslot").addHandler(this::unbook);
    builder.getRoute("joinTimeslot").addHandler(this::join);
    builder.getRoute("listBookings").addHandler(this::listBookings);
  }

  private void createEvent(RoutingContext rc) {
    scheduling.createEvent(Bodies.json(rc), context.caller(rc))
        .onSuccess(event -> {
          rc.response().putHeader("Location", "/api/v1/events/" + event.getString("id"));
          Responses.json(rc, 201, event);
        })
        .onFailure(rc::fail);
  }

  private void listEvents(RoutingContext rc) {
    scheduling.listEvents(Bodies.intQuery(rc, "page", 1), Bodies.intQuery(rc, "size", DEFAULT_PAGE_SIZE),
            context.caller(rc))
        .onSuccess(page -> Responses.json(rc, 200, page))
        .onFailure(rc::fail);
  }

  private void getEvent(RoutingContext rc) {
    scheduling.getEvent(rc.pathParam("id"), context.caller(rc))
        .onSuccess(event -> Responses.json(rc, 200, event))
        .onFailure(rc::fail);
  }

  private void deleteEvent(RoutingContext rc) {
    scheduling.deleteEvent(rc.pathParam("id"), context.caller(rc))
        .onSuccess(v -> rc.response().setStatusCode(204).end())
        .onFailure(rc::fail);
  }

  private void createTimeslots(RoutingContext rc) {
    scheduling.createTimeslots(rc.pathParam("id"), Bodies.json(rc), context.caller(rc))
        .onSuccess(created -> Responses.json(rc, 201, created))
        .onFailure(rc::fail);
  }

  private void listTimeslots(RoutingContext rc) {
    scheduling.listTimeslots(rc.pathParam("id"), rc.queryParams().get("from"), rc.queryParams().get("to"), context.caller(rc))
        .onSuccess(slots -> Responses.json(rc, 200, slots))
        .onFailure(rc::fail);
  }

  private void deleteTimeslot(RoutingContext rc) {
    scheduling.deleteTimeslot(rc.pathParam("id"), rc.pathParam("slotId"), context.caller(rc))
        .onSuccess(v -> rc.response().setStatusCode(204).end())
        .onFailure(rc::fail);
  }

  private void book(RoutingContext rc) {
    scheduling.book(rc.pathParam("id"), rc.pathParam("slotId"), context.caller(rc))
        .onSuccess(slot -> Responses.json(rc, 201, slot))
        .onFailure(rc::fail);
  }

  private void unbook(RoutingContext rc) {
    scheduling.unbook(rc.pathParam("id"), rc.pathParam("slotId"), context.caller(rc))
        .onSuccess(v -> rc.response().setStatusCode(204).end())
        .onFailure(rc::fail);
  }

  private void join(RoutingContext rc) {
    scheduling.join(rc.pathParam("id"), rc.pathParam("slotId"), context.caller(rc))
        .onSuccess(call -> {
          rc.response().putHeader("Cache-Control", "no-store");
          Responses.json(rc, 200, call);
        })
        .onFailure(rc::fail);
  }

  private void listBookings(RoutingContext rc) {
    scheduling.listBookings(Bodies.intQuery(rc, "page", 1), Bodies.intQuery(rc, "size", DEFAULT_PAGE_SIZE),
            context.caller(rc))
        .onSuccess(page -> Responses.json(rc, 200, page))
        .onFailure(rc::fail);
  }
}
