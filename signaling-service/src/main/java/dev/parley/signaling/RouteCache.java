package dev.parley.signaling;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * This signaling instance's copy of where room members' sockets are, so that relaying a signal
 * (the hot path: every offer, answer and ICE candidate) does not read Redis each time.
 *
 * <p>Redis stays the truth. Every write to a room's members ({@link RoomStore}) calls {@link #changed},
 * which drops this instance's copy of the room at once and publishes the meeting id on
 * {@value #CHANGED_ADDRESS} so that every other instance drops theirs. A read of Redis that was under
 * way when a room changed is not kept: each room's copy is an object that a change marks stale and
 * replaces, and a read only fills the object it started from. So a copy is out of date at most for
 * the time a publish takes to reach the other instances, and never for longer than {@link #ttl} (a
 * backstop for a publish that never arrived). Only members are cached, never absences: someone not in
 * the room is looked up in Redis every time.
 *
 * <p>Thread-safe: instances of the service on several event loops share one cache.
 */
final class RouteCache {

  /** Where an instance announces that a room's members changed; the body is the meeting id. */
  static final String CHANGED_ADDRESS = "parley.signaling.routes-changed";

  /** Where one member's socket is, as a stored member entry says. */
  record Route(String participantId, String nodeId, String connectionId, boolean reconnecting) {
    /** @return the route of a stored member entry ({@link Member}), or null for null */
    static Route of(JsonObject member) {
      return member == null ? null : new Route(member.getString(Member.PARTICIPANT_ID), member.getString(Member.NODE_ID),
          member.getString(Member.CONNECTION_ID), member.getBoolean(Member.RECONNECTING, false));
    }
  }

  /** One room's copy: filled by reads that started while it was current, dropped as a whole. */
  private static final class Room {
    final long loadedAt;
    final Map<String, Route> routes = new ConcurrentHashMap<>();
    volatile boolean stale;

    Room(long loadedAt) {
      this.loadedAt = loadedAt;
    }
  }

  private final Map<String, Room> rooms = new ConcurrentHashMap<>();
  private final EventBus bus;
  private final Duration ttl;
  private final Clock clock;

  /**
   * @param bus where changes are published and heard
   * @param ttl the longest a room's copy is used (e.g. 10 s)
   */
  RouteCache(EventBus bus, Duration ttl, Clock clock) {
    this.bus = bus;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Starts hearing other instances' changes; @return the consumer, to unregister on stop */
  MessageConsumer<String> listen() {
    return bus.<String>consumer(CHANGED_ADDRESS, message -> drop(message.body()));
  }

  /**
   * The routes of two participants of a room, from this instance's copy where it has them, otherwise
   * from {@code load}.
   *
   * @param load reads the stored member entries of the given participants from Redis, in order, with
   *     null for someone not in the room
   * @return a list of two routes, each null when that participant is not in the room
   */
  Future<List<Route>> pair(String meetingId, String first, String second,
                           Function<List<String>, Future<List<JsonObject>>> load) {
    Room room = current(meetingId);
    Route a = room.routes.get(first);
    Route b = room.routes.get(second);
    if (a != null && b != null) {
      return Future.succeededFuture(Arrays.asList(a, b));
    }
    return load.apply(List.of(first, second)).map(entries -> {
      List<Route> routes = new ArrayList<>(2);
      for (JsonObject entry : entries) {
        Route route = Route.of(entry);
        if (route != null && !room.stale) {
          room.routes.put(route.participantId(), route);
        }
        routes.add(route);
      }
      return routes;
    });
  }

  /**
   * Drops this instance's copy of the room and tells every other instance to drop theirs; call it
   * whenever a write to the room's members completed (or failed, as it may have been applied).
   */
  void changed(String meetingId) {
    drop(meetingId);
    bus.publish(CHANGED_ADDRESS, meetingId);
  }

  /** Drops this instance's copy of the room. */
  void drop(String meetingId) {
    Room room = rooms.remove(meetingId);
    if (room != null) {
      room.stale = true;
    }
  }

  /** Forgets copies older than the time to live, so that rooms nobody signals in take no memory. */
  void prune() {
    long oldest = clock.millis() - ttl.toMillis();
    rooms.entrySet().removeIf(entry -> {
      boolean old = entry.getValue().loadedAt < oldest;
      if (old) {
        entry.getValue().stale = true;
      }
      return old;
    });
  }

  /** @return how many rooms this instance holds a copy of (for tests) */
  int size() {
    return rooms.size();
  }

  private Room current(String meetingId) {
    long now = clock.millis();
    Room room = rooms.computeIfAbsent(meetingId, id -> new Room(now));
    if (room.loadedAt < now - ttl.toMillis()) {
      Room fresh = new Room(now);
      if (rooms.replace(meetingId, room, fresh)) {
        room.stale = true;
      }
      return rooms.getOrDefault(meetingId, fresh);
    }
    return room;
  }
}
