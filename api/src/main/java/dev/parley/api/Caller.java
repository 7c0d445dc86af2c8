package dev.parley.api;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * The identity a request is made under, established by the gateway from a verified token and passed
 * with every service call (DESIGN §3). Services authorise on this, never on what a client claims in a
 * request body.
 *
 * <p>JSON shape: {@code {"userId": "...", "displayName": "...", "role": "user|admin|guest",
 * "meetingId": "... (guests only)", "correlationId": "...", "clientAddress": "..."}}; absent fields
 * are {@code null}. An anonymous caller (sign-up, login) has no {@code userId}.
 */
@DataObject
public class Caller {

  /** Role of a signed-in account. */
  public static final String ROLE_USER = "user";
  /** Role of an administrator account. */
  public static final String ROLE_ADMIN = "admin";
  /** Role of a guest holding a room-scoped token. */
  public static final String ROLE_GUEST = "guest";

  private String userId;
  private String displayName;
  private String role;
  private String meetingId;
  private String correlationId;
  private String clientAddress;

  public Caller() {
  }

  public Caller(JsonObject json) {
    userId = json.getString("userId");
    displayName = json.getString("displayName");
    role = json.getString("role");
    meetingId = json.getString("meetingId");
    correlationId = json.getString("correlationId");
    clientAddress = json.getString("clientAddress");
  }

  /** @return an anonymous caller with only a correlation id and client address */
  /** A copy of another caller (what an event-bus codec hands a consumer instead of the sender's object). */
  public Caller(Caller other) {
    userId = other.userId;
    displayName = other.displayName;
    role = other.role;
    meetingId = other.meetingId;
    correlationId = other.correlationId;
    clientAddress = other.clientAddress;
  }

  public static Caller anonymous(String correlationId, String clientAddress) {
    return new Caller().setCorrelationId(correlationId).setClientAddress(clientAddress);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    putIfPresent(json, "userId", userId);
    putIfPresent(json, "displayName", displayName);
    putIfPresent(json, "role", role);
    putIfPresent(json, "meetingId", meetingId);
    putIfPresent(json, "correlationId", correlationId);
    putIfPresent(json, "clientAddress", clientAddress);
    return json;
  }

  private static void putIfPresent(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  /** @return whether this caller is a signed-in account (user or admin), not a guest or anonymous */
  public boolean isAccount() {
    return userId != null && (ROLE_USER.equals(role) || ROLE_ADMIN.equals(role));
  }

  public String getUserId() {
    return userId;
  }

  public Caller setUserId(String userId) {
    this.userId = userId;
    return this;
  }

  public String getDisplayName() {
    return displayName;
  }

  public Caller setDisplayName(String displayName) {
    this.displayName = displayName;
    return this;
  }

  public String getRole() {
    return role;
  }

  public Caller setRole(String role) {
    this.role = role;
    return this;
  }

  public String getMeetingId() {
    return meetingId;
  }

  public Caller setMeetingId(String meetingId) {
    this.meetingId = meetingId;
    return this;
  }

  public String getCorrelationId() {
    return correlationId;
  }

  public Caller setCorrelationId(String correlationId) {
    this.correlationId = correlationId;
    return this;
  }

  public String getClientAddress() {
    return clientAddress;
  }

  public Caller setClientAddress(String clientAddress) {
    this.clientAddress = clientAddress;
    return this;
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
