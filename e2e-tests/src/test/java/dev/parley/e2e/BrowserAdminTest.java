package dev.parley.e2e;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.RequestOptions;
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
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Administration in real Chromium: the standalone's first account is its admin (dev mode); from the
 * admin page it disables a person who is in a call, who leaves the call at once and is signed out with
 * a message saying why.
 */
@DisplayName("Administration in the browser")
class BrowserAdminTest {

  private static final double TIMEOUT_MS = 30_000;

  @TempDir
  static Path dataDir;

  private static BrowserHarness harness;
  private final List<BrowserContext> contexts = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    harness = BrowserHarness.start(dataDir, TIMEOUT_MS);
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

  private record Person(Page page, String id, String token) {
  }

  private Person signUp(String displayName) {
    Chromium.assumeInstalled();
    BrowserContext context = harness.browser.newContext(new Browser.NewContextOptions().setBaseURL(harness.baseUrl));
    context.setDefaultTimeout(TIMEOUT_MS);
    contexts.add(context);
    JsonObject session = Accounts.signUp(context, harness.baseUrl, displayName);
    return new Person(context.newPage(), session.getJsonObject("user").getString("id"), session.getString("accessToken"));
  }

  @Test
  @DisplayName("An admin disables someone in a call from the admin page: they leave the call and are signed out with a clear message")
  void disableSomeoneInACall() throws InterruptedException {
    Person admin = signUp("Ada Admin");
    Person bob = signUp("Bob");
    APIResponse created = admin.page().context().request().post(harness.baseUrl + "/api/v1/meetings", RequestOptions.create()
        .setHeader("Authorization", "Bearer " + admin.token()).setData(new JsonObject().put("title", "Stand-up").getMap()));
    JsonObject meeting = new JsonObject(created.text());
    bob.page().context().request().post(harness.baseUrl + "/api/v1/meetings/join/" + meeting.getString("joinCode"),
        RequestOptions.create().setHeader("Authorization", "Bearer " + bob.token()));
    for (Person person : List.of(admin, bob)) {
      person.page().navigate("/#/meetings/" + meeting.getString("id"));
      person.page().getByTestId("join-call").click();
      person.page().getByTestId("room-join").click();
    }
    for (Person person : List.of(admin, bob)) {
      Peers.awaitConnected(person.page(), 1);
    }

    Page console = admin.page().context().newPage();
    console.navigate("/#/");
    console.getByTestId("admin-link").click();
    console.getByTestId("admin-q").fill("person+");
    console.getByTestId("admin-q").press("Enter");
    console.onDialog(dialog -> dialog.accept());
    console.locator("[data-testid=admin-user]").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Bob"))
        .getByTestId("admin-disable").click();
    assertThat(console.getByTestId("admin-status")).containsText("Bob");

    assertThat(bob.page().getByText("An administrator disabled your account")).isVisible();
    assertThat(bob.page()).hasURL(java.util.regex.Pattern.compile("#/signin"));
    Peers.awaitConnected(admin.page(), 0);
    assertThat(console.locator("[data-testid=admin-user]").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Bob")))
        .containsText("Disabled");

    // The audit log, filtered to Bob, holds exactly the disabling, by the admin.
    console.getByTestId("audit-target").fill(bob.id());
    console.getByTestId("audit-target").press("Enter");
    assertThat(console.getByTestId("audit-entry")).hasCount(1);
    assertThat(console.getByTestId("audit-entry")).hasAttribute("data-action", "user.disabled");
    assertThat(console.getByTestId("audit-entry")).containsText("Ada Admin");

    // Deleting the account takes it off the list and adds its entry to the log.
    console.locator("[data-testid=admin-user]").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Bob"))
        .getByTestId("admin-delete").click();
    assertThat(console.locator("[data-testid=admin-user]").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Bob")))
        .hasCount(0);
    console.getByTestId("audit-target").press("Enter");
    assertThat(console.getByTestId("audit-entry")).hasCount(2);
    assertThat(console.getByTestId("audit-entry").first()).hasAttribute("data-action", "user.deleted");
  }
}
