package dev.parley.e2e;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.options.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** New accounts for browser tests, signed up through a browser context's own request API. */
final class Accounts {

  static final String PASSWORD = "lantern harbour violet 42";

  private Accounts() {
  }

  /**
   * Signs up a fresh account (a random email) through the context's request API, so that the
   * refresh cookie lands in that context and its pages open signed in; fails the test unless 201.
   *
   * @return the sign-up answer: {@code {"accessToken", "user": {"id", "email", "displayName", ...}}}
   */
  static JsonObject signUp(BrowserContext context, String baseUrl, String displayName) {
    return signUp(context, baseUrl, displayName, "person+" + UUID.randomUUID() + "@parley.test");
  }

  /** As {@link #signUp(BrowserContext, String, String)}, with the given email (e.g. one of PARLEY_ADMIN_EMAILS). */
  static JsonObject signUp(BrowserContext context, String baseUrl, String displayName, String email) {
    APIResponse signup = context.request().post(baseUrl + "/api/v1/auth/signup", RequestOptions.create()
        .setData(new JsonObject().put("email", email)
            .put("password", PASSWORD).put("displayName", displayName).getMap()));
    assertThat(signup.status()).as(signup.text()).isEqualTo(201);
    return new JsonObject(signup.text());
  }
}
