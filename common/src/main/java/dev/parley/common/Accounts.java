package dev.parley.common;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.auth.AuthService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;

import java.util.List;

/**
 * For services that address a person by user id (a direct message, a call): checks with the auth
 * service ({@link AuthService#profiles}) that the id names an enabled account, so that nothing is
 * stored for, or rings, someone who does not exist or was disabled (both {@code NOT_FOUND}, each with
 * its own message).
 */
public final class Accounts {

  /** The refusal for an id that names no account. */
  public static final String NO_SUCH_PERSON = "No one on Parley has that user id.";
  /** The refusal for a disabled account. */
  public static final String DISABLED = "That account is disabled.";

  private final AuthService auth;

  public Accounts(AuthService auth) {
    this.auth = auth;
  }

  /**
   * @return the account's {@code {"id", "email", "displayName", "disabled": false}}; {@code NOT_FOUND}
   *     (field {@code userId}) when there is none or it is disabled, {@code UNAVAILABLE} when the auth
   *     service cannot tell
   */
  public Future<JsonObject> require(String userId, Caller caller) {
    return auth.profiles(List.of(userId), caller).transform(ar -> {
      if (ar.failed()) {
        return Future.failedFuture(ar.cause() instanceof ServiceException refusal
            && ErrorCode.of(refusal.failureCode()) == ErrorCode.BAD_REQUEST
            ? refusal
            : ErrorCode.UNAVAILABLE.exception("Accounts cannot be checked right now; try again shortly."));
      }
      JsonArray items = ar.result().getJsonArray("items", new JsonArray());
      for (int i = 0; i < items.size(); i++) {
        JsonObject profile = items.getJsonObject(i);
        if (userId.equals(profile.getString("id"))) {
          return profile.getBoolean("disabled", false)
              ? Future.failedFuture(ErrorCode.NOT_FOUND.exception(DISABLED, new JsonObject().put(ErrorCode.FIELD, "userId")))
              : Future.succeededFuture(profile);
        }
      }
      return Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_PERSON,
          new JsonObject().put(ErrorCode.FIELD, "userId")));
    });
  }
}
