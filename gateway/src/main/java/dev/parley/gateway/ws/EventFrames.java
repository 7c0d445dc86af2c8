package dev.parley.gateway.ws;

import dev.parley.api.Addresses;
import dev.parley.api.scheduling.SchedulingService;
import dev.parley.api.scheduling.TimeslotView;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;


/**
 * The {@code event.*} WebSocket frames (docs/websocket-protocol.md): live timeslot changes of one
 * event. {@code event.subscribe {eventId}} checks with {@link SchedulingService#getEvent} that the
 * event exists and the caller (an account) may see it, then holds the event's topic for the socket
 * until {@code event.unsubscribe {eventId}} or the socket closes. Every {@code event.slot-*} push is
 * narrowed per viewer with {@link TimeslotView}: the owner sees the booker, the booker their own
 * booking, anyone else only open or booked.
 */
public final class EventFrames {

  private static final String SLOT_PUSH_PREFIX = "event.slot-";

  private final SchedulingService scheduling;
  private final SocketHub hub;

  public EventFrames(SchedulingService scheduling, SocketHub hub) {
    this.scheduling = scheduling;
    this.hub = hub;
  }

  /** Registers the frame handlers and the per-viewer push filter on the hub. */
  public void register() {
    hub.on("event.subscribe", this::subscribe);
    hub.on("event.unsubscribe", (connection, data) -> eventId(data).map(id -> {
      hub.leave(connection, Addresses.eventTopic(id));
      return new JsonObject().put("eventId", id);
    }));
    hub.filterPushes(EventFrames::forViewer);
  }

  private Future<JsonObject> subscribe(ClientConnection connection, JsonObject data) {
    return eventId(data).compose(id -> scheduling.getEvent(id, connection.caller()).map(event -> {
      hub.join(connection, Addresses.eventTopic(id));
      return new JsonObject().put("eventId", id);
    }));
  }

  /** @return the frame as this connection's caller may see it */
  static JsonObject forViewer(ClientConnection connection, JsonObject frame) {
    String type = frame.getString("type");
    if (type == null || !type.startsWith(SLOT_PUSH_PREFIX)) {
      return frame;
    }
    JsonObject data = frame.getJsonObject("data", new JsonObject());
    String viewerId = connection.caller() == null ? null : connection.caller().getUserId();
    JsonArray slots = new JsonArray();
    for (Object slot : data.getJsonArray("slots", new JsonArray())) {
      slots.add(TimeslotView.forViewer((JsonObject) slot, viewerId));
    }
    return new JsonObject().put("type", type).put("data", data.copy().put("slots", slots));
  }

  private static Future<String> eventId(JsonObject data) {
    return Frames.id(data, "eventId", "'eventId' must name an event.");
  }
}
