package dev.parley.api.auth;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * What signing up, logging in and refreshing return: a short-lived access token (ES256 JWT), a new
 * opaque refresh token, and the account.
 *
 * <p>JSON shape: {@code {"accessToken": "JWT", "expiresIn": seconds, "refreshToken": "opaque",
 * "refreshExpiresIn": seconds, "user": UserProfile}}. The gateway decides whether the refresh token
 * reaches the client in a cookie or in the body.
 */
@DataObject
public class Session {

  private String accessToken;
  private long expiresIn;
  private String refreshToken;
  private long refreshExpiresIn;
  private UserProfile user;

  public Session() {
  }

  public Session(JsonObject json) {
    accessToken = json.getString("accessToken");
    expiresIn = json.getLong("expiresIn", 0L);
    refreshToken = json.getString("refreshToken");
    refreshExpiresIn = json.getLong("refreshExpiresIn", 0L);
    JsonObject userJson = json.getJsonObject("user");
    user = userJson == null ? null : new UserProfile(userJson);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("accessToken", accessToken)
        .put("expiresIn", expiresIn)
        .put("refreshToken", refreshToken)
        .put("refreshExpiresIn", refreshExpiresIn)
        .put("user", user == null ? null : user.toJson());
  }

  public String getAccessToken() {
    return accessToken;
  }

  public Session setAccessToken(String accessToken) {
    this.accessToken = accessToken;
    return this;
  }

  /** @return the access token's lifetime in seconds */
  public long getExpiresIn() {
    return expiresIn;
  }

  public Session setExpiresIn(long expiresIn) {
    this.expiresIn = expiresIn;
    return this;
  }

  public String getRefreshToken() {
    return refreshToken;
  }

  public Session setRefreshToken(String refreshToken) {
    this.refreshToken = refreshToken;
    return this;
  }

  /** @return the refresh token's lifetime in seconds */
  public long getRefreshExpiresIn() {
    return refreshExpiresIn;
  }

  public Session setRefreshExpiresIn(long refreshExpiresIn) {
    this.refreshExpiresIn = refreshExpiresIn;
    return this;
  }

  public UserProfile getUser() {
    return user;
  }

  public Session setUser(UserProfile user) {
    this.user = user;
    return this;
  }
}
