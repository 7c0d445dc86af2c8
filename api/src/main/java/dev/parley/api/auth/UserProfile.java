package dev.parley.api.auth;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * An account as its owner (and an admin) sees it. Never carries the password hash.
 *
 * <p>JSON shape: {@code {"id": "uuid", "email": "lower-case", "displayName": "...",
 * "role": "user|admin", "timeZone": "IANA zone id or null", "createdAt": "ISO-8601 instant"}}.
 */
@DataObject
public class UserProfile {

  private String id;
  private String email;
  private String displayName;
  private String role;
  private String createdAt;
  private String timeZone;

  public UserProfile() {
  }

  public UserProfile(JsonObject json) {
    id = json.getString("id");
    email = json.getString("email");
    displayName = json.getString("displayName");
    role = json.getString("role");
    createdAt = json.getString("createdAt");
    timeZone = json.getString("timeZone");
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("email", email)
        .put("displayName", displayName)
        .put("role", role)
        .put("timeZone", timeZone)
        .put("createdAt", createdAt);
  }

  public String getId() {
    return id;
  }

  public UserProfile setId(String id) {
    this.id = id;
    return this;
  }

  public String getEmail() {
    return email;
  }

  public UserProfile setEmail(String email) {
    this.email = email;
    return this;
  }

  public String getDisplayName() {
    return displayName;
  }

  public UserProfile setDisplayName(String displayName) {
    this.displayName = displayName;
    return this;
  }

  public String getRole() {
    return role;
  }

  public UserProfile setRole(String role) {
    this.role = role;
    return this;
  }

  public String getCreatedAt() {
    return createdAt;
  }

  public UserProfile setCreatedAt(String createdAt) {
    this.createdAt = createdAt;
    return this;
  }

  /** @return the IANA time zone the person chose (e.g. {@code Europe/Paris}), or {@code null} */
  public String getTimeZone() {
    return timeZone;
  }

  public UserProfile setTimeZone(String timeZone) {
    this.timeZone = timeZone;
    return this;
  }
}
