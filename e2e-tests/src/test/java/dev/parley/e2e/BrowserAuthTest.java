package dev.parley.e2e;

import com.microsoft.playwright.APIRequest;
import com.microsoft.playwright.APIRequestContext;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing up, in and out in a real Chromium against a standalone Parley (gateway, auth service and
 * embedded stores in this JVM, on a random port).
 */
@DisplayName("Accounts in the browser")
class BrowserAuthTest {

  private static final String PASSWORD = "lantern harbour violet 42";
  /** Generous for a loaded CI machine: Argon2id hashing runs on every sign-up and sign-in. */
  private static final double TIMEOUT_MS = 15_000;

  @TempDir
  static Path dataDir;

  private static BrowserHarness harness;

  private BrowserContext context;
  private Page page;
  private BrowserConsole console;

  @BeforeAll
  static void startParleyAndBrowser() throws Exception {
    harness = BrowserHarness.start(dataDir, TIMEOUT_MS); // null without Chromium: each test then skips itself
  }

  @AfterAll
  static void stopBrowserAndParley() {
    if (harness != null) {
      harness.close();
    }
  }

  @BeforeEach
  void openPage() {
    Chromium.assumeInstalled();
    context = harness.browser.newContext(new Browser.NewContextOptions().setBaseURL(harness.baseUrl));
    context.setDefaultTimeout(TIMEOUT_MS);
    page = context.newPage();
    console = BrowserConsole.watch(page);
  }

  @AfterEach
  void closePage() {
    if (context != null) {
      context.close();
    }
  }

  @Test
  @DisplayName("A new account is signed in, stays signed in across a reload, and stays signed out after signing out")
  void signUpReloadSignOut() {
    String email = uniqueEmail();

    page.navigate("/#/signup");
    page.locator("#displayName").fill("Zoë Example");
    page.locator("#email").fill(email);
    page.locator("#password").fill(PASSWORD);
    page.getByTestId("signup-submit").click();

    Locator welcome = page.getByTestId("welcome");
    assertThat(welcome).hasText("Welcome, Zoë Example");
    assertThat(page).hasURL(Pattern.compile("#/$"));
    assertThat(refreshCookies()).singleElement()
        .satisfies(cookie -> assertThat(cookie.httpOnly).as("refresh cookie is HttpOnly").isTrue());
    assertThat((String) page.evaluate("() => document.cookie")).doesNotContain("parley_refresh");

    page.reload();
    assertThat(welcome).hasText("Welcome, Zoë Example");

    page.getByTestId("account-menu-button").click();
    page.getByTestId("sign-out").click();
    assertThat(page).hasURL(Pattern.compile("#/signin$"));
    assertThat(page.getByTestId("signin-submit")).isVisible();
    assertThat(page.getByRole(AriaRole.STATUS)).hasText("You have signed out.");
    assertThat(refreshCookies()).isEmpty();

    page.reload();
    assertThat(page.locator("#app")).not().hasAttribute("aria-busy", "true");
    assertThat(page).hasURL(Pattern.compile("#/signin$"));
    assertThat(page.getByTestId("signin-submit")).isVisible();
    assertThat(welcome).hasCount(0);
    console.assertClean();
  }

  @Test
  @DisplayName("Signing up with an email that already has an account shows the server's message at the email field")
  void takenEmail() {
    String email = uniqueEmail();
    createAccount(email, "First Owner");

    page.navigate("/#/signup");
    page.locator("#displayName").fill("Second Comer");
    page.locator("#email").fill(email.toUpperCase());
    page.locator("#password").fill(PASSWORD);
    page.getByTestId("signup-submit").click();

    Locator emailInput = page.locator("#email");
    Locator emailError = page.locator("#email-error");
    assertThat(emailError).hasText("An account with this email already exists.");
    assertThat(emailError).isVisible();
    assertThat(emailInput).hasAttribute("aria-invalid", "true");
    assertThat(emailInput).hasAttribute("aria-describedby", Pattern.compile("\\bemail-error\\b"));
    assertThat(emailInput).isFocused();
    assertThat(page.getByTestId("form-error")).isEmpty();
    assertThat(page).hasURL(Pattern.compile("#/signup$"));
    assertThat(page.getByTestId("welcome")).hasCount(0);
    console.assertClean();
  }

  @Test
  @DisplayName("Signing in with a wrong password says that the email or password is incorrect, and signs nobody in")
  void wrongPassword() {
    String email = uniqueEmail();
    createAccount(email, "Careful Typist");

    page.navigate("/#/signin");
    page.locator("#email").fill(email);
    page.locator("#password").fill("not " + PASSWORD);
    page.getByTestId("signin-submit").click();

    assertThat(page.getByTestId("form-error")).hasText("Email or password is incorrect.");
    assertThat(page.getByTestId("signin-submit")).isEnabled();
    assertThat(page).hasURL(Pattern.compile("#/signin$"));
    assertThat(page.getByTestId("welcome")).hasCount(0);
    assertThat(refreshCookies()).isEmpty();
    console.assertClean();
  }

  private List<Cookie> refreshCookies() {
    return context.cookies().stream().filter(cookie -> "parley_refresh".equals(cookie.name)).toList();
  }

  /** Creates an account through the REST API, outside the browser context under test. */
  private static void createAccount(String email, String displayName) {
    APIRequestContext api = harness.playwright.request().newContext(
        new APIRequest.NewContextOptions().setBaseURL(harness.baseUrl));
    try {
      APIResponse created = api.post("/api/v1/auth/signup", RequestOptions.create().setData(new JsonObject()
          .put("email", email).put("password", PASSWORD).put("displayName", displayName).encode())
          .setHeader("Content-Type", "application/json"));
      assertThat(created.status()).as(created.text()).isEqualTo(201);
    } finally {
      api.dispose();
    }
  }

  private static String uniqueEmail() {
    return "user-" + UUID.randomUUID() + "@parley.test";
  }
}
