package dev.parley.auth;

import dev.parley.api.Caller;
import dev.parley.api.chat.ChatService;
import dev.parley.api.chat.ChatServiceVertxEBProxy;
import dev.parley.api.meeting.MeetingService;
import dev.parley.api.meeting.MeetingServiceVertxEBProxy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The people a caller shares something with, asked of the services that know over the event bus:
 * the chat service (direct conversations) and the meeting service (co-members of meetings, which
 * include the call of every booked timeslot). A service that does not answer within 3 s counts as
 * knowing nobody (logged): the directory then ranks without it rather than failing.
 */
final class Contacts {

  private static final Logger LOG = LoggerFactory.getLogger(Contacts.class);
  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(3_000);

  private final ChatService chat;
  private final MeetingService meetings;

  Contacts(Vertx vertx) {
    this(new ChatServiceVertxEBProxy(vertx, ChatService.ADDRESS, ASK),
        new MeetingServiceVertxEBProxy(vertx, MeetingService.ADDRESS, ASK));
  }

  Contacts(ChatService chat, MeetingService meetings) {
    this.chat = chat;
    this.meetings = meetings;
  }

  /** @return the ids of the caller's contacts, conversations first; never fails */
  Future<Set<String>> of(Caller caller) {
    Future<JsonArray> talked = ids("chat", chat.contacts(caller), caller);
    Future<JsonArray> met = ids("meeting", meetings.contacts(caller), caller);
    return Future.join(talked, met).map(both -> {
      Set<String> all = new LinkedHashSet<>();
      talked.result().forEach(id -> all.add((String) id));
      met.result().forEach(id -> all.add((String) id));
      all.remove(caller.getUserId());
      return all;
    });
  }

  private static Future<JsonArray> ids(String service, Future<JsonObject> answer, Caller caller) {
    return answer.map(json -> json.getJsonArray("userIds", new JsonArray())).recover(err -> {
      LOG.warn("The {} service did not say who {} knows (correlation {}): ranking without it: {}",
          service, caller.getUserId(), caller.getCorrelationId(), err.getMessage());
      return Future.succeededFuture(new JsonArray());
    });
  }
}
