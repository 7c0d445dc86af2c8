package dev.parley.auth;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import dev.parley.auth.admin.AdminAccounts;
import dev.parley.common.Audit;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * {@link AdminAccounts} over this service's {@link UserRepository} and {@link RefreshTokens}; also the
 * one way an account is deleted, whether by its owner ({@link Profiles}) or by an admin.
 */
final class AccountStore implements AdminAccounts {

  private final UserRepository users;
  private final RefreshTokens refreshTokens;
  private final EventBus bus;
  private final Audit audit;

  AccountStore(UserRepository users, RefreshTokens refreshTokens, EventBus bus) {
    this.users = users;
    this.refreshTokens = refreshTokens;
    this.bus = bus;
    this.audit = new Audit(bus);
  }

  @Override
  public Future<JsonObject> find(String userId) {
    return users.findById(userId);
  }

  @Override
  public Future<List<JsonObject>> page(String emailPrefix, String userId, String role, Boolean disabled, String after, int limit) {
    return users.page(emailPrefix, userId, role, disabled, after, limit);
  }

  @Override
  public Future<Long> countEnabledAdmins() {
    return users.countEnabledAdmins();
  }

  @Override
  public Future<Void> set(String userId, JsonObject fields) {
    return users.set(userId, fields);
  }

  @Override
  public Future<Void> revokeSessions(String userId) {
    return refreshTokens.revokeUser(userId);
  }

  /**
   * Revokes the account's refresh tokens, deletes its document and publishes
   * {@link Addresses#ACCOUNT_DELETED} {@code {"userId", "displayName"}} to every node: gateways close its
   * sockets, chat keeps its messages as "Deleted user", the meeting service cancels its future bookings
   * (with mails) and ends the meetings it hosted, the file service lets go of its files. Audited as
   * {@code user.deleted} with {@code by} as the actor.
   */
  @Override
  public Future<Void> delete(JsonObject user, Caller by) {
    String id = user.getString("_id");
    return refreshTokens.revokeUser(id)
        .compose(v -> users.delete(id))
        .onSuccess(deleted -> {
          bus.publish(Addresses.ACCOUNT_DELETED, new JsonObject().put("userId", id).put("displayName", user.getString("displayName")));
          audit.record(by, "user.deleted", id, new JsonObject().put("email", user.getString("email"))
              .put("displayName", user.getString("displayName")));
        })
        .mapEmpty();
  }
}
