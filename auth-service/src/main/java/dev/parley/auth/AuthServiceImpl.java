package dev.parley.auth;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.auth.AuthService;
import dev.parley.api.auth.Session;
import dev.parley.api.auth.UserProfile;
import dev.parley.common.Audit;
import dev.parley.common.DisplayNames;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** The auth service: see {@link AuthService} for the contract and failure codes. */
final class AuthServiceImpl implements AuthService {

  private static final Logger LOG = LoggerFactory.getLogger(AuthServiceImpl.class);

  /** RFC 5321 §4.5.3.1.3 limits a path to 256 octets, so an address to 254. */
  static final int MAX_EMAIL_LENGTH = 254;
  static final int MAX_PROFILES = 100;
  /** Deliberately loose: one {@code @}, no spaces, a dot in the domain. Delivery proves the rest. */
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  private static final String WRONG_CREDENTIALS = "Email or password is incorrect.";
  private static final String SESSION_ENDED = "Your session has expired or was signed out. Sign in again.";
  private static final String DISABLED = "This account is disabled. Ask the administrator of this Parley to enable it.";

  private final UserRepository users;
  private final RefreshTokens refreshTokens;
  private final PasswordResets passwordResets;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final AccessTokenIssuer accessTokens;
  private final SigningKeys keys;
  private final LoginThrottle throttle;
  private final AuthMails mails;
  private final AdminRoles adminRoles;
  private final Audit audit;
  private final Directory directory;
  private final Profiles profiles;
  private final Clock clock;
  private final AccountNotices notices;

  AuthServiceImpl(UserRepository users, RefreshTokens refreshTokens, PasswordResets passwordResets,
                  PasswordHasher hasher, PasswordPolicy policy, AccessTokenIssuer accessTokens, SigningKeys keys,
                  LoginThrottle throttle, AuthMails mails, AdminRoles adminRoles, Audit audit, Directory directory,
                  Profiles profiles, Clock clock, AccountNotices notices) {
    this.users = users;
    this.refreshTokens = refreshTokens;
    this.passwordResets = passwordResets;
    this.hasher = hasher;
    this.policy = policy;
    this.accessTokens = accessTokens;
    this.keys = keys;
    this.throttle = throttle;
    this.mails = mails;
    this.adminRoles = adminRoles;
    this.audit = audit;
    this.directory = directory;
    this.profiles = profiles;
    this.clock = clock;
    this.notices = notices;
  }

  @Override
  public Future<Session> signup(String email, String password, String displayName, Caller caller) {
    String normalisedEmail = normaliseEmail(email);
    if (normalisedEmail == null) {
      return Future.failedFuture(fieldError(ErrorCode.BAD_REQUEST, "email", "Enter a valid email address."));
    }
    String name = DisplayNames.normalise(displayName);
    if (name == null) {
      return Future.failedFuture(fieldError(ErrorCode.BAD_REQUEST, "displayName", DisplayNames.RULE + "."));
    }
    ServiceException weak = policy.check(password, normalisedEmail);
    if (weak != null) {
      return Future.failedFuture(fieldError(ErrorCode.WEAK_PASSWORD, "password", weak.getMessage()));
    }
    String userId = UUID.randomUUID().toString();
    return hasher.hash(password)
        .compose(hash -> adminRoles.roleForNewAccount(normalisedEmail)
            .compose(role -> users.insert(userId, normalisedEmail, name, hash, role, clock.instant())))
        .recover(err -> err instanceof ServiceException se && se.failureCode() == ErrorCode.CONFLICT.failureCode()
            ? Future.failedFuture(fieldError(ErrorCode.CONFLICT, "email", se.getMessage()))
            : Future.failedFuture(err))
        .compose(user -> {
          LOG.info("Account {} created (correlation {})", userId, caller.getCorrelationId());
          if (Caller.ROLE_ADMIN.equals(user.getString("role"))) {
            LOG.info("Account {} is an administrator ({})", userId, adminRoles.reason(normalisedEmail));
          }
          notices.created(userId, normalisedEmail, name);
          return users.signedIn(userId, clock.instant()).compose(v -> newSession(user, UUID.randomUUID().toString()));
        });
  }

  @Override
  public Future<Session> login(String email, String password, Caller caller) {
    String normalisedEmail = normaliseEmail(email);
    if (normalisedEmail == null || password == null) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception(WRONG_CREDENTIALS));
    }
    return throttle.admit(caller.getClientAddress(), normalisedEmail)
        .compose(v -> users.findByEmail(normalisedEmail))
        .compose(user -> hasher.verify(password, user == null ? null : user.getString("passwordHash"))
            .compose(matches -> {
              if (!matches) {
                return throttle.failed(normalisedEmail).compose(locked -> {
                  if (locked && user != null) {
                    audit.record(caller, "login.locked", user.getString("_id"), new JsonObject().put("email", normalisedEmail));
                  }
                  return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception(WRONG_CREDENTIALS));
                });
              }
              if (user.getBoolean("disabled", false)) {
                return Future.failedFuture(ErrorCode.FORBIDDEN.exception(DISABLED));
              }
              return throttle.succeeded(normalisedEmail)
                  .compose(ignored -> adminRoles.promoteIfListed(user, users, audit, caller))
                  .compose(current -> users.signedIn(current.getString("_id"), clock.instant()).map(current))
                  .compose(current -> newSession(current, UUID.randomUUID().toString()));
            }));
  }

  @Override
  public Future<Session> refresh(String refreshToken, Caller caller) {
    if (refreshToken == null || refreshToken.isBlank()) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception(SESSION_ENDED));
    }
    return refreshTokens.spend(refreshToken).compose(spent -> {
      if (spent == null) {
        return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception(SESSION_ENDED));
      }
      return users.findById(spent.getString("userId")).compose(user -> user == null
          ? Future.failedFuture(ErrorCode.UNAUTHORIZED.exception(SESSION_ENDED))
          : user.getBoolean("disabled", false)
          ? Future.failedFuture(ErrorCode.UNAUTHORIZED.exception(DISABLED))
          : newSession(user, spent.getString("familyId")));
    });
  }

  @Override
  public Future<Void> logout(String refreshToken, Caller caller) {
    if (refreshToken == null || refreshToken.isBlank()) {
      return Future.succeededFuture();
    }
    return refreshTokens.revokeFamilyOf(refreshToken);
  }

  @Override
  public Future<UserProfile> me(Caller caller) {
    if (caller == null || !caller.isAccount()) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("Sign in to see your account."));
    }
    return users.findById(caller.getUserId()).compose(user -> user == null
        ? Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("This account no longer exists."))
        : Future.succeededFuture(UserRepository.profile(user)));
  }

  @Override
  public Future<Void> requestPasswordReset(String email, Caller caller) {
    String normalisedEmail = normaliseEmail(email);
    if (normalisedEmail == null) {
      return Future.failedFuture(fieldError(ErrorCode.BAD_REQUEST, "email", "Enter a valid email address."));
    }
    users.findByEmail(normalisedEmail)
        .compose(user -> user == null
            ? Future.succeededFuture()
            : passwordResets.issue(user.getString("_id"))
                .compose(token -> mails.passwordReset(normalisedEmail, user.getString("displayName"), token)))
        .onFailure(err -> LOG.error("Password-reset mail was not sent (correlation {})", caller.getCorrelationId(), err));
    // Answer at once and the same way whether or not the account exists (no enumeration).
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> confirmPasswordReset(String token, String newPassword, Caller caller) {
    ServiceException weak = policy.check(newPassword, "");
    if (weak != null) {
      return Future.failedFuture(fieldError(ErrorCode.WEAK_PASSWORD, "password", weak.getMessage()));
    }
    if (token == null || token.isBlank()) {
      return Future.failedFuture(invalidResetToken());
    }
    return passwordResets.spend(token).compose(userId -> {
      if (userId == null) {
        return Future.failedFuture(invalidResetToken());
      }
      return hasher.hash(newPassword)
          .compose(hash -> users.updatePassword(userId, hash, clock.instant()))
          .compose(v -> refreshTokens.revokeUser(userId))
          .onSuccess(v -> LOG.info("Password of account {} reset; its sessions were revoked", userId));
    });
  }

  private static final java.util.regex.Pattern GUEST_ID =
      java.util.regex.Pattern.compile("guest-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  @Override
  public Future<JsonObject> issueGuestToken(String meetingId, String displayName, String guestId, Caller caller) {
    String name = DisplayNames.normalise(displayName);
    if (meetingId == null || meetingId.isBlank()) {
      return Future.failedFuture(fieldError(ErrorCode.BAD_REQUEST, "meetingId", "A meeting is required."));
    }
    if (name == null) {
      return Future.failedFuture(fieldError(ErrorCode.BAD_REQUEST, "displayName", DisplayNames.RULE + "."));
    }
    if (guestId != null && !GUEST_ID.matcher(guestId).matches()) {
      return Future.failedFuture(fieldError(ErrorCode.BAD_REQUEST, "guestId", "A guest id is 'guest-' and a UUID."));
    }
    String id = guestId != null ? guestId : "guest-" + UUID.randomUUID();
    return Future.succeededFuture(new JsonObject()
        .put("token", accessTokens.issueGuest(id, name, meetingId))
        .put("guestId", id)
        .put("expiresIn", AccessTokenIssuer.GUEST_LIFETIME.toSeconds())
        .put("pass", accessTokens.issueGuestPass(id, name, meetingId)));
  }

  @Override
  public Future<JsonObject> profiles(List<String> userIds, Caller caller) {
    List<String> ids = userIds == null ? List.of() : userIds.stream().filter(id -> id != null && !id.isBlank()).distinct().toList();
    if (ids.size() > MAX_PROFILES) {
      return Future.failedFuture(fieldError(ErrorCode.BAD_REQUEST, "userIds", "Ask for at most " + MAX_PROFILES + " accounts at once."));
    }
    return users.findByIds(ids).map(found -> new JsonObject().put("items", new JsonArray(found.stream()
        .map(user -> new JsonObject()
            .put("id", user.getString("_id"))
            .put("email", user.getString("email"))
            .put("displayName", user.getString("displayName"))
            .put("disabled", user.getBoolean("disabled", false)))
        .toList())));
  }

  @Override
  public Future<JsonObject> accountsByEmail(List<String> emails, Caller caller) {
    List<String> addresses = emails == null ? List.of() : emails.stream().map(AuthServiceImpl::normaliseEmail)
        .filter(email -> email != null).distinct().toList();
    if (addresses.size() > MAX_PROFILES) {
      return Future.failedFuture(fieldError(ErrorCode.BAD_REQUEST, "emails", "Ask for at most " + MAX_PROFILES + " addresses at once."));
    }
    return users.findByEmails(addresses).map(found -> new JsonObject().put("items", new JsonArray(found.stream()
        .map(user -> new JsonObject()
            .put("id", user.getString("_id"))
            .put("email", user.getString("email"))
            .put("displayName", user.getString("displayName")))
        .toList())));
  }

  @Override
  public Future<JsonObject> directory(String query, Integer limit, String cursor, Caller caller) {
    return directory.search(query, limit, cursor, caller);
  }

  @Override
  public Future<UserProfile> updateMe(JsonObject changes, Caller caller) {
    return profiles.update(changes, caller);
  }

  @Override
  public Future<Session> changePassword(String currentPassword, String newPassword, Caller caller) {
    return profiles.changePassword(currentPassword, newPassword, caller)
        .compose(user -> newSession(user, UUID.randomUUID().toString()));
  }

  @Override
  public Future<Void> deleteMe(String password, Caller caller) {
    return profiles.delete(password, caller);
  }

  @Override
  public Future<JsonObject> jwks() {
    return Future.succeededFuture(keys.jwks());
  }

  private Future<Session> newSession(JsonObject user, String familyId) {
    String userId = user.getString("_id");
    String accessToken = accessTokens.issue(userId, user.getString("displayName"), user.getString("role"));
    return refreshTokens.issue(userId, familyId).compose(refreshToken -> refreshToken == null
        ? Future.failedFuture(ErrorCode.UNAUTHORIZED.exception(SESSION_ENDED))
        : Future.succeededFuture(new Session()
        .setAccessToken(accessToken)
        .setExpiresIn(AccessTokenIssuer.LIFETIME.toSeconds())
        .setRefreshToken(refreshToken)
        .setRefreshExpiresIn(RefreshTokens.LIFETIME.toSeconds())
        .setUser(UserRepository.profile(user))));
  }

  /** @return the trimmed, lower-cased address, or {@code null} when it is not plausibly an email */
  static String normaliseEmail(String email) {
    if (email == null) {
      return null;
    }
    String normalised = email.strip().toLowerCase(Locale.ROOT);
    return normalised.length() <= MAX_EMAIL_LENGTH && EMAIL.matcher(normalised).matches() ? normalised : null;
  }

  private static ServiceException fieldError(ErrorCode code, String field, String message) {
    return code.exception(message, new JsonObject().put(ErrorCode.FIELD, field));
  }

  private static ServiceException invalidResetToken() {
    return fieldError(ErrorCode.BAD_REQUEST, "token", "This reset link is invalid, used or expired. Ask for a new one.");
  }
}
