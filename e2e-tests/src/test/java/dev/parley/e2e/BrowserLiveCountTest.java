package dev.parley.e2e;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
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

/** "Live · N people" on a meeting list, kept current by pushes while two others join, leave and end a call. */
@DisplayName("Live participant counts in the browser")
class BrowserLiveCountTest {

  private static final double TIMEOUT_MS = 30_000;

  @TempDir
  static Path dataDir;

  private static BrowserHarness harness;
  private final List<BrowserContext> contexts = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    harness = BrowserHarness.start(dataDir, TIMEOUT_MS); // null without Chromium: each test then skips itself
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

  private Page newPage() {
    Chromium.assumeInstalled();
    BrowserContext context = harness.browser.newContext(new Browser.NewContextOptions().setBaseURL(harness.baseUrl));
    context.setDefaultTimeout(TIMEOUT_MS);
    contexts.add(context);
    return context.newPage();
  }

  @Test
  @DisplayName("Two browsers join; a third person's open meeting list shows Live · 2 without a reload, then 1, then not live")
  void listFollowsTheCall() throws InterruptedException {
    Page host = newPage();
    String token = Accounts.signUp(host.context(), harness.baseUrl, "Hana Host").getString("accessToken");
    APIResponse created = host.context().request().post(harness.baseUrl + "/api/v1/meetings", RequestOptions.create()
        .setHeader("Authorization", "Bearer " + token).setData(new JsonObject().put("title", "Live call").getMap()));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    JsonObject meeting = new JsonObject(created.text());

    Page watcher = newPage();
    String watcherToken = Accounts.signUp(watcher.context(), harness.baseUrl, "Wanda Watcher").getString("accessToken");
    APIResponse joined = watcher.context().request().post(harness.baseUrl + "/api/v1/meetings/join/"
        + meeting.getString("joinCode"), RequestOptions.create().setHeader("Authorization", "Bearer " + watcherToken)
        .setData(new JsonObject().getMap()));
    assertThat(joined.status()).as(joined.text()).isEqualTo(200);
    watcher.navigate("/#/");
    Locator badge = watcher.getByTestId("meeting-item").filter(new Locator.FilterOptions().setHasText("Live call"))
        .getByTestId("live-count");
    assertThat(watcher.getByTestId("meeting-item").filter(new Locator.FilterOptions().setHasText("Live call"))).isVisible();
    assertThat(badge).isHidden();

    host.navigate("/#/room/" + meeting.getString("id"));
    host.getByTestId("room-join").click();
    Page guest = newPage();
    guest.navigate("/#/join/" + meeting.getString("joinCode"));
    assertThat(guest.getByTestId("live-count")).hasText("Live · 1 person");
    guest.getByTestId("join-name").fill("Gus Guest");
    guest.getByTestId("join-submit").click();
    guest.getByTestId("room-join").click();
    Peers.awaitConnected(host, 1);

    assertThat(badge).hasText("Live · 2 people");
    guest.getByTestId("leave-room").click();
    assertThat(badge).hasText("Live · 1 person");
    host.getByTestId("host-menu-toggle").click(); // the room-wide host controls are in the host menu
    host.getByTestId("end-meeting").click();
    host.getByTestId("end-meeting-confirm").click();
    assertThat(badge).isHidden();
  }
}
