package dev.parley.api.admin;

import io.vertx.core.json.JsonObject;

/**
 * Published on {@link dev.parley.api.Addresses#ACCOUNT_CHANGED} when an admin changes an account: every
 * gateway closes a disabled account's sockets (after pushing {@code session.revoked}) and refuses its
 * unexpired access tokens, and tells the live sockets of an account whose role changed
 * ({@code session.updated}). JSON {@code {"userId", "role", "disabled"}}.
 */
public record AccountNotice(String userId, String role, boolean disabled) {

  /** @return the notice a JSON body carries; a body without a user id yields a notice with a null id */
  public static AccountNotice of(JsonObject json) {
    Object userId = json.getValue("userId");
    Object role = json.getValue("role");
    return new AccountNotice(userId instanceof String id ? id : null, role instanceof String r ? r : null,
        Boolean.TRUE.equals(json.getValue("disabled")));
  }

  public JsonObject toJson() {
    return new JsonObject().put("userId", userId).put("role", role).put("disabled", disabled);
  }
}
