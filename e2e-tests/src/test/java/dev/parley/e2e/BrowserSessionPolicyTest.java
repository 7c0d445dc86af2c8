package dev.parley.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.parley.common.config.ParleyConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** {@code PARLEY_SESSION_POLICY=single} in the browser: one window per account, taken over with "Use here". */
@DisplayName("One active session per account in the browser")
class BrowserSessionPolicyTest {

  private static final double TIMEOUT_MS = 30_000;

  @TempDir
  static Path dataDir;

  private static BrowserHarness harness;
  private final List<BrowserContext> contexts = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    harness = BrowserHarness.start(dataDir, TIMEOUT_MS, new JsonObject().put(ParleyConfig.SESSION_POLICY, "single"));
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @AfterEach
  void closeContexts() {
    contexts.forEach(BrowserContext::close);
  }

  private BrowserContext context() {
    Chromium.assumeInstalled();
    BrowserContext context = harness.browser.newContext(new Browser.NewContextOptions().setBaseURL(harness.baseUrl));
    context.setDefaultTimeout(TIMEOUT_MS);
    contexts.add(context);
    return context;
  }

  private static Page signIn(BrowserContext context, String email, String password) {
    Page page = context.newPage();
    page.navigate("/#/signin");
    page.getByLabel("Email").fill(email);
    page.getByLabel("Password").fill(password);
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Sign in")).click();
    return page;
  }

  @Test
  @DisplayName("A second browser sees 'another window'; Use here moves the session and the first shows its notice; a closed first browser frees it")
  void useHere() {
    BrowserContext first = context();
    JsonObject session = Accounts.signUp(first, harness.baseUrl, "Una Single");
    String email = session.getJsonObject("user").getString("email");
    Page firstPage = first.newPage();
    firstPage.navigate("/#/");
    assertThat(firstPage.getByTestId("welcome")).containsText("Una Single");

    Page secondPage = signIn(context(), email, Accounts.PASSWORD);
    assertThat(secondPage.getByTestId("session-elsewhere-text")).hasText("You are using Parley in another window.");
    secondPage.getByTestId("session-use-here").click();
    assertThat(secondPage.getByTestId("welcome")).containsText("Una Single");
    assertThat(secondPage.getByTestId("session-elsewhere")).hasCount(0);
    assertThat(firstPage.getByTestId("session-elsewhere-text")).hasText("Parley is open in another window.");

    // The second browser goes away without a goodbye; a third gets in without "Use here".
    secondPage.context().close();
    Page third = signIn(context(), email, Accounts.PASSWORD);
    assertThat(third.getByTestId("welcome")).containsText("Una Single");
    assertThat(third.getByTestId("session-elsewhere")).hasCount(0);
  }
}
