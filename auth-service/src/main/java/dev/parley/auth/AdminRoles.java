package dev.parley.auth;

import dev.parley.api.Caller;
import dev.parley.common.Audit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is an administrator by configuration (DESIGN §5): the accounts of {@code PARLEY_ADMIN_EMAILS}
 * (made admins at sign-up, or at their next sign-in if they signed up before being listed), and, when
 * {@code PARLEY_FIRST_ACCOUNT_ADMIN} is on (the standalone with its embedded store), the first account
 * of an empty instance. Admins can change roles afterwards through {@code AdminService}.
 */
final class AdminRoles {

  private final Set<String> emails;
  private final boolean firstAccountAdmin;
  private final UserRepository users;

  /** @param emails as configured; compared trimmed and lower-cased */
  AdminRoles(java.util.List<String> emails, boolean firstAccountAdmin, UserRepository users) {
    this.emails = emails.stream().map(e -> e.trim().toLowerCase(Locale.ROOT)).filter(e -> !e.isEmpty()).collect(Collectors.toSet());
    this.firstAccountAdmin = firstAccountAdmin;
    this.users = users;
  }

  /** @return the role a new account with this (normalised) email gets */
  Future<String> roleForNewAccount(String email) {
    if (emails.contains(email)) {
      return Future.succeededFuture(Caller.ROLE_ADMIN);
    }
    if (!firstAccountAdmin) {
      return Future.succeededFuture(Caller.ROLE_USER);
    }
    return users.isEmpty().map(empty -> empty ? Caller.ROLE_ADMIN : Caller.ROLE_USER);
  }

  /** @return why an account with this email is admin, for the log */
  String reason(String email) {
    return emails.contains(email) ? "listed in PARLEY_ADMIN_EMAILS" : "the first account of this instance (dev mode)";
  }

  /** @return the account, made admin (and audited) when its email is listed and it is not admin yet */
  Future<JsonObject> promoteIfListed(JsonObject user, UserRepository repository, Audit audit, Caller caller) {
    if (!emails.contains(user.getString("email")) || Caller.ROLE_ADMIN.equals(user.getString("role"))) {
      return Future.succeededFuture(user);
    }
    String id = user.getString("_id");
    return repository.set(id, new JsonObject().put("role", Caller.ROLE_ADMIN)).map(v -> {
      audit.record(null, "user.role-changed", id, new JsonObject().put("from", user.getString("role"))
          .put("to", Caller.ROLE_ADMIN).put("by", "PARLEY_ADMIN_EMAILS"));
      return user.copy().put("role", Caller.ROLE_ADMIN);
    });
  }
}
