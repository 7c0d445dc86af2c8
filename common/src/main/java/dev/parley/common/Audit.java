package dev.parley.common;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Writes to the append-only audit log (DESIGN §5) from any service: an entry is sent to
 * {@link Addresses#AUDIT}, where the auth service appends it. Sending does not wait for the write, so
 * an action never fails or slows down because the log is unreachable; the auth service logs what it
 * cannot store.
 */
public final class Audit {

  private final EventBus bus;

  public Audit(EventBus bus) {
    this.bus = bus;
  }

  /**
   * @param actor who did it (an admin, a host, or {@code null} for the system)
   * @param action a dotted verb, e.g. {@code user.disabled}, {@code participant.removed}, {@code login.locked}
   * @param target the id the action concerns (a user, a meeting), or null
   * @param details extra facts (small), or null
   */
  public void record(Caller actor, String action, String target, JsonObject details) {
    JsonObject entry = new JsonObject()
        .put("action", action)
        .put("target", target)
        .put("details", details == null ? new JsonObject() : details);
    if (actor != null) {
      if (actor.getUserId() != null) {
        entry.put("actor", new JsonObject().put("id", actor.getUserId()).put("displayName", actor.getDisplayName())
            .put("role", actor.getRole()));
      }
      entry.put("clientAddress", actor.getClientAddress()).put("requestId", actor.getCorrelationId());
    }
    bus.send(Addresses.AUDIT, entry);
  }
}
