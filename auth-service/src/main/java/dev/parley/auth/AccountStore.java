package dev.parley.auth;

import dev.parley.auth.admin.AdminAccounts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** {@link AdminAccounts} over this service's {@link UserRepository} and {@link RefreshTokens}. */
final class AccountStore implements AdminAccounts {

  private final UserRepository users;
  private final RefreshTokens refreshTokens;

  AccountStore(UserRepository users, RefreshTokens refreshTokens) {
    this.users = users;
    this.refreshTokens = refreshTokens;
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
}
