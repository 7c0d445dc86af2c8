package dev.parley.auth;

import dev.parley.api.Addresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Tells the rest of the cluster about accounts: {@link Addresses#ACCOUNT_CREATED} after a sign-up, so
 * that the meeting service admits the pending invitations of the new account's address. Published, not
 * sent: nothing waits for it, and a sign-up never fails because no one listens.
 */
final class AccountNotices {

  private final EventBus bus;

  AccountNotices(EventBus bus) {
    this.bus = bus;
  }

  /** Publishes {@code {"userId", "email", "displayName"}} on {@link Addresses#ACCOUNT_CREATED}. */
  void created(String userId, String email, String displayName) {
    bus.publish(Addresses.ACCOUNT_CREATED,
        new JsonObject().put("userId", userId).put("email", email).put("displayName", displayName));
  }
}
