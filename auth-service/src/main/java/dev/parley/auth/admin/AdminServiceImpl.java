package dev.parley.auth.admin;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.Ids;
import dev.parley.api.admin.AccountNotice;
import dev.parley.api.admin.AdminService;
import dev.parley.api.chat.ChatService;
import dev.parley.api.meeting.MeetingService;
import dev.parley.api.scheduling.SchedulingService;
import dev.parley.common.Audit;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@link AdminService} over the {@code users} collection ({@link AdminAccounts}) and the {@link AuditLog}.
 * Every method checks the caller's token role first. Disabling an account revokes its refresh tokens
 * and publishes an {@link AccountNotice}; deleting one goes the way a person's own deletion goes
 * ({@link AdminAccounts#delete}); every change is audited.
 */
public final class AdminServiceImpl implements AdminService {

  private static final Set<String> ROLES = Set.of(Caller.ROLE_USER, Caller.ROLE_ADMIN);
  private static final int DEFAULT_PAGE = 20;

  private final AdminAccounts accounts;
  private final AuditLog log;
  private final Audit audit;
  private final EventBus bus;
  private final MeetingService meetings;
  private final SchedulingService scheduling;
  private final ChatService chat;

  public AdminServiceImpl(AdminAccounts accounts, AuditLog log, EventBus bus, MeetingService meetings, SchedulingService scheduling,
                          ChatService chat) {
    this.accounts = accounts;
    this.log = log;
    this.audit = new Audit(bus);
    this.bus = bus;
    this.meetings = meetings;
    this.scheduling = scheduling;
    this.chat = chat;
  }

  @Override
  public Future<JsonObject> listUsers(JsonObject query, Caller caller) {
    return admin(caller, () -> {
      JsonObject q = query == null ? new JsonObject() : query;
      String text = optional(q, "q", 320);
      String role = optional(q, "role", 16);
      String status = optional(q, "status", 16);
      if (role != null && !ROLES.contains(role)) {
        throw invalid("role", "'role' is user or admin.");
      }
      if (status != null && !Set.of("active", "disabled").contains(status)) {
        throw invalid("status", "'status' is active or disabled.");
      }
      int limit = limit(q);
      String prefix = text == null ? null : text.trim().toLowerCase(Locale.ROOT);
      Boolean disabled = status == null ? null : "disabled".equals(status);
      String cursor = optional(q, "cursor", 400);
      Future<List<JsonObject>> byEmail = accounts.page(prefix, null, role, disabled, cursor, limit);
      Future<List<JsonObject>> byId = prefix != null && cursor == null && Ids.isId(text.trim())
          ? accounts.page(null, text.trim(), role, disabled, null, 1)
          : Future.succeededFuture(List.of());
      return Future.all(byEmail, byId).map(both -> {
        JsonArray items = new JsonArray();
        byId.result().forEach(doc -> items.add(AdminAccounts.adminView(doc)));
        byEmail.result().stream().filter(doc -> byId.result().stream().noneMatch(d -> d.getString("_id").equals(doc.getString("_id"))))
            .forEach(doc -> items.add(AdminAccounts.adminView(doc)));
        List<JsonObject> page = byEmail.result();
        String next = page.size() == limit ? page.get(page.size() - 1).getString("email") : null;
        return new JsonObject().put("items", items).put("nextCursor", next);
      });
    });
  }

  @Override
  public Future<JsonObject> getUser(String userId, Caller caller) {
    return admin(caller, () -> found(userId).compose(doc -> {
      Caller asUser = new Caller().setUserId(doc.getString("_id")).setRole(doc.getString("role"))
          .setDisplayName(doc.getString("displayName")).setCorrelationId(caller.getCorrelationId());
      Future<Long> hosted = meetings.listMine(1, 1, asUser).map(page -> page.getLong("total", 0L));
      Future<Long> events = scheduling.listEvents(1, 1, asUser).map(page -> page.getLong("total", 0L));
      Future<Long> messages = chat.messageCount(asUser).map(count -> count.getLong("messages"));
      // A service that does not answer leaves its count null rather than failing the whole view.
      return Future.join(hosted, events, messages).transform(ar -> Future.succeededFuture(AdminAccounts.adminView(doc)
          .put("counts", new JsonObject()
              .put("meetings", hosted.succeeded() ? hosted.result() : null)
              .put("events", events.succeeded() ? events.result() : null)
              .put("messages", messages.succeeded() ? messages.result() : null))));
    }));
  }

  @Override
  public Future<JsonObject> updateUser(String userId, JsonObject changes, Caller caller) {
    return admin(caller, () -> {
      JsonObject given = changes == null ? new JsonObject() : changes;
      for (String field : given.fieldNames()) {
        if (!Set.of("role", "disabled").contains(field)) {
          throw invalid(field, "Only 'role' and 'disabled' can be changed.");
        }
      }
      Object role = given.getValue("role");
      Object disabled = given.getValue("disabled");
      if (role != null && !(role instanceof String r && ROLES.contains(r))) {
        throw invalid("role", "'role' is user or admin.");
      }
      if (disabled != null && !(disabled instanceof Boolean)) {
        throw invalid("disabled", "'disabled' is true or false.");
      }
      return found(userId).compose(doc -> change(doc, (String) role, (Boolean) disabled, caller));
    });
  }

  @Override
  public Future<Void> deleteUser(String userId, Caller caller) {
    return admin(caller, () -> found(userId).compose(doc -> {
      boolean enabledAdmin = Caller.ROLE_ADMIN.equals(doc.getString("role")) && !doc.getBoolean("disabled", false);
      Future<Void> allowed = !enabledAdmin ? Future.succeededFuture() : accounts.countEnabledAdmins().compose(admins -> admins <= 1
          ? Future.failedFuture(ErrorCode.CONFLICT.exception("The last admin cannot be deleted; make someone else admin first."))
          : Future.succeededFuture());
      return allowed.compose(v -> accounts.delete(doc, caller));
    }));
  }

  private Future<JsonObject> change(JsonObject doc, String role, Boolean disabled, Caller caller) {
    String id = doc.getString("_id");
    String oldRole = doc.getString("role");
    boolean wasDisabled = doc.getBoolean("disabled", false);
    String newRole = role == null ? oldRole : role;
    boolean nowDisabled = disabled == null ? wasDisabled : disabled;
    boolean losesAdmin = Caller.ROLE_ADMIN.equals(oldRole) && !wasDisabled
        && (!Caller.ROLE_ADMIN.equals(newRole) || nowDisabled);
    Future<Void> allowed = !losesAdmin ? Future.succeededFuture() : accounts.countEnabledAdmins().compose(admins -> admins <= 1
        ? Future.failedFuture(ErrorCode.CONFLICT.exception("The last admin can be neither demoted nor disabled; make someone else admin first."))
        : Future.succeededFuture());
    return allowed
        .compose(v -> accounts.set(id, new JsonObject().put("role", newRole).put("disabled", nowDisabled)))
        .compose(v -> nowDisabled && !wasDisabled ? accounts.revokeSessions(id) : Future.succeededFuture())
        .map(v -> {
          if (!newRole.equals(oldRole)) {
            audit.record(caller, "user.role-changed", id, new JsonObject().put("from", oldRole).put("to", newRole));
          }
          if (nowDisabled != wasDisabled) {
            audit.record(caller, nowDisabled ? "user.disabled" : "user.enabled", id, null);
          }
          if (!newRole.equals(oldRole) || nowDisabled != wasDisabled) {
            bus.publish(Addresses.ACCOUNT_CHANGED, new AccountNotice(id, newRole, nowDisabled).toJson());
          }
          return AdminAccounts.adminView(doc.copy().put("role", newRole).put("disabled", nowDisabled));
        });
  }

  @Override
  public Future<JsonObject> audit(JsonObject query, Caller caller) {
    return admin(caller, () -> {
      JsonObject q = query == null ? new JsonObject() : query;
      int limit = limit(q);
      return log.page(optional(q, "actor", 64), optional(q, "target", 64), instant(q, "from"), instant(q, "to"),
              optional(q, "cursor", 80), limit)
          .map(page -> new JsonObject()
              .put("items", new JsonArray(page.stream().map(AuditLog::view).toList()))
              .put("nextCursor", page.size() == limit ? page.get(page.size() - 1).getString("_id") : null));
    });
  }

  /** Runs the operation for admins only; argument errors thrown while building it become its failure. */
  private static <T> Future<T> admin(Caller caller, java.util.function.Supplier<Future<T>> operation) {
    if (caller == null || caller.getUserId() == null) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("Sign in as an administrator."));
    }
    if (!caller.isAccount() || !Caller.ROLE_ADMIN.equals(caller.getRole())) {
      return Future.failedFuture(ErrorCode.FORBIDDEN.exception("Only administrators can do this."));
    }
    try {
      return operation.get();
    } catch (ServiceException refusal) {
      return Future.failedFuture(refusal);
    }
  }

  private Future<JsonObject> found(String userId) {
    if (!Ids.isId(userId)) {
      return Future.failedFuture(ErrorCode.NOT_FOUND.exception("No such account."));
    }
    return accounts.find(userId).compose(doc -> doc == null
        ? Future.failedFuture(ErrorCode.NOT_FOUND.exception("No such account."))
        : Future.succeededFuture(doc));
  }

  private static int limit(JsonObject q) {
    Object limit = q.getValue("limit");
    if (limit == null) {
      return DEFAULT_PAGE;
    }
    if (!(limit instanceof Number n) || n.longValue() < 1 || n.longValue() > MAX_PAGE || n.doubleValue() != n.longValue()) {
      throw invalid("limit", "'limit' is a whole number from 1 to " + MAX_PAGE + ".");
    }
    return n.intValue();
  }

  private static String optional(JsonObject q, String field, int maxLength) {
    Object value = q.getValue(field);
    if (value == null || value instanceof String s && s.isEmpty()) {
      return null;
    }
    if (!(value instanceof String s) || s.length() > maxLength) {
      throw invalid(field, "'" + field + "' is text of at most " + maxLength + " characters.");
    }
    return s;
  }

  private static Instant instant(JsonObject q, String field) {
    String value = optional(q, field, 64);
    try {
      return value == null ? null : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw invalid(field, "'" + field + "' is an ISO-8601 instant such as 2030-01-31T09:00:00Z.");
    }
  }

  private static ServiceException invalid(String field, String message) {
    return ErrorCode.BAD_REQUEST.exception(message, new JsonObject().put(ErrorCode.FIELD, field));
  }
}
