package dev.parley.auth;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.auth.UserProfile;
import dev.parley.common.DisplayNames;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Set;

/**
 * A person's own account: profile changes, password change and deletion
 * ({@link dev.parley.api.auth.AuthService#updateMe}, {@code changePassword}, {@code deleteMe}).
 * Every operation needs a signed-in account ({@code UNAUTHORIZED} otherwise, also when the account
 * was deleted meanwhile); password change and deletion check the current password first.
 */
final class Profiles {

  private static final Logger LOG = LoggerFactory.getLogger(Profiles.class);
  private static final Set<String> FIELDS = Set.of("displayName", "timeZone");
  private static final int MAX_ZONE_LENGTH = 64;
  static final String WRONG_PASSWORD = "Your current password is incorrect.";

  private final UserRepository users;
  private final AccountStore accounts;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final Clock clock;

  Profiles(UserRepository users, AccountStore accounts, PasswordHasher hasher, PasswordPolicy policy, Clock clock) {
    this.users = users;
    this.accounts = accounts;
    this.hasher = hasher;
    this.policy = policy;
    this.clock = clock;
  }

  /** Applies {@code {displayName?, timeZone?}}; {@code BAD_REQUEST} naming the field breaking a rule. */
  Future<UserProfile> update(JsonObject changes, Caller caller) {
    if (caller == null || !caller.isAccount()) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("Sign in to change your account."));
    }
    JsonObject given = changes == null ? new JsonObject() : changes;
    for (String key : given.fieldNames()) {
      if (!FIELDS.contains(key)) {
        return Future.failedFuture(field(key, "'" + key + "' cannot be changed here."));
      }
    }
    String name = null;
    if (given.containsKey("displayName")) {
      name = given.getValue("displayName") instanceof String raw ? DisplayNames.normalise(raw) : null;
      if (name == null) {
        return Future.failedFuture(field("displayName", DisplayNames.RULE + "."));
      }
    }
    String zone = null;
    if (given.containsKey("timeZone")) {
      zone = given.getValue("timeZone") instanceof String raw ? raw.strip() : "";
      if (zone.length() > MAX_ZONE_LENGTH || !ZoneId.getAvailableZoneIds().contains(zone)) {
        return Future.failedFuture(field("timeZone", "Choose a time zone such as Europe/Paris (an IANA zone id)."));
      }
    }
    return users.updateProfile(caller.getUserId(), name, zone).compose(user -> user == null
        ? Future.failedFuture(gone())
        : Future.succeededFuture(UserRepository.profile(user)));
  }

  /**
   * Checks the current password, stores the new one and revokes every refresh token of the account.
   *
   * @return the account, for a new session
   */
  Future<JsonObject> changePassword(String currentPassword, String newPassword, Caller caller) {
    return checkPassword(currentPassword, caller).compose(user -> {
      ServiceException weak = policy.check(newPassword, user.getString("email"));
      if (weak != null) {
        return Future.failedFuture(ErrorCode.WEAK_PASSWORD.exception(weak.getMessage(),
            new JsonObject().put(ErrorCode.FIELD, "newPassword")));
      }
      return hasher.hash(newPassword)
          .compose(hash -> users.updatePassword(user.getString("_id"), hash, clock.instant()))
          .compose(v -> accounts.revokeSessions(user.getString("_id")))
          .map(v -> user)
          .onSuccess(v -> LOG.info("Account {} changed its password; its other sessions were revoked", user.getString("_id")));
    });
  }

  /** Checks the password, then deletes the account ({@link AccountStore#delete}). */
  Future<Void> delete(String password, Caller caller) {
    return checkPassword(password, caller).compose(user -> accounts.delete(user, caller)
        .onSuccess(v -> LOG.info("Account {} deleted by its owner (correlation {})", user.getString("_id"), caller.getCorrelationId())));
  }

  private Future<JsonObject> checkPassword(String password, Caller caller) {
    if (caller == null || !caller.isAccount()) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("Sign in to change your account."));
    }
    return users.findById(caller.getUserId()).compose(user -> {
      if (user == null) {
        return Future.failedFuture(gone());
      }
      return hasher.verify(password == null ? "" : password, user.getString("passwordHash")).compose(matches -> matches
          ? Future.succeededFuture(user)
          : Future.failedFuture(ErrorCode.UNAUTHORIZED.exception(WRONG_PASSWORD,
              new JsonObject().put(ErrorCode.FIELD, "currentPassword"))));
    });
  }

  private static ServiceException gone() {
    return ErrorCode.UNAUTHORIZED.exception("This account no longer exists.");
  }

  private static ServiceException field(String name, String message) {
    return ErrorCode.BAD_REQUEST.exception(message, new JsonObject().put(ErrorCode.FIELD, name));
  }
}
