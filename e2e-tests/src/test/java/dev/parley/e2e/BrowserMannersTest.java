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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's manners (issue 20): no request it knows will fail, an ended meeting that says so, and
 * conversations headed with the other person's name.
 */
@DisplayName("Manners of the web client")
class BrowserMannersTest {

  private static final double TIMEOUT_MS = 20_000;

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
  @DisplayName("A signed-out page load asks for no refresh and fails no request; a signed-in reload still restores the session")
  void signedOutLoadTriesNoRefresh() {
    Page page = newPage();
    BrowserConsole console = BrowserConsole.watch(page);
    List<String> refreshes = new CopyOnWriteArrayList<>();
    page.onRequest(request -> {
      if (request.url().contains("/api/v1/auth/refresh")) {
        refreshes.add(request.url());
      }
    });

    page.navigate("/#/");
    assertThat(page).hasURL(Pattern.compile("#/signin"));
    assertThat(page.getByTestId("signin-submit")).isVisible();
    page.reload();
    assertThat(page.getByTestId("signin-submit")).isVisible();
    assertThat(refreshes).as("refresh attempts while signed out").isEmpty();
    console.assertNoFailedRequests();

    Accounts.signUp(page.context(), harness.baseUrl, "Rhea Reload");
    page.navigate("/#/");
    page.reload();
    assertThat(page.getByTestId("welcome")).hasText("Welcome, Rhea Reload");
    assertThat(refreshes).as("the session is restored by a refresh").hasSize(1);

    page.getByTestId("account-menu-button").click();
    page.getByTestId("sign-out").click();
    assertThat(page.getByTestId("signin-submit")).isVisible();
    page.reload();
    assertThat(page.getByTestId("signin-submit")).isVisible();
    assertThat(refreshes).as("no refresh after signing out").hasSize(1);
    console.assertNoFailedRequests();
    console.assertClean();
  }

  @Test
  @DisplayName("An ended meeting's page says it ended, offers its chat history and no join link")
  void endedMeeting() {
    Page host = newPage();
    BrowserConsole console = BrowserConsole.watch(host);
    String token = Accounts.signUp(host.context(), harness.baseUrl, "Edda Ender").getString("accessToken");
    APIResponse created = host.context().request().post(harness.baseUrl + "/api/v1/meetings", RequestOptions.create()
        .setHeader("Authorization", "Bearer " + token).setData(new JsonObject().put("title", "Finished business").getMap()));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String id = new JsonObject(created.text()).getString("id");

    host.navigate("/#/meetings/" + id);
    assertThat(host.getByTestId("meeting-chat")).hasAttribute("data-ready", "true");
    host.getByTestId("meeting-chat-input").fill("Minutes: all done");
    host.getByTestId("meeting-chat-send").click();
    assertThat(host.getByTestId("meeting-chat-messages").getByTestId("chat-text")).hasText("Minutes: all done");
    assertThat(host.getByTestId("join-link")).isVisible();

    host.getByTestId("join-call").click();
    host.getByTestId("room-join").click();
    host.getByTestId("host-menu-toggle").click();
    host.getByTestId("end-meeting").click();
    host.getByTestId("end-meeting-confirm").click();
    assertThat(host.getByTestId("ended-screen")).isVisible();

    host.navigate("/#/meetings/" + id);
    assertThat(host.getByTestId("call-ended")).containsText("ended");
    assertThat(host.getByTestId("join-call")).hasCount(0);
    assertThat(host.getByTestId("join-link")).hasCount(0);
    assertThat(host.getByText("Anyone with this link")).hasCount(0);
    host.getByTestId("chat-history-open").click();
    assertThat(host.getByTestId("meeting-chat").getByRole(com.microsoft.playwright.options.AriaRole.HEADING))
        .hasText("Chat history");
    assertThat(host.getByTestId("meeting-chat-messages").getByTestId("chat-text")).hasText("Minutes: all done");
    assertThat(host.getByTestId("meeting-chat-messages")).isInViewport();
    console.assertClean();
  }

  @Test
  @DisplayName("The home page's join box takes a whole join link or its code, and says what it wants otherwise")
  void joinByLinkOrCode() {
    Page host = newPage();
    BrowserConsole console = BrowserConsole.watch(host);
    String token = Accounts.signUp(host.context(), harness.baseUrl, "Jo Joiner").getString("accessToken");
    APIResponse created = host.context().request().post(harness.baseUrl + "/api/v1/meetings", RequestOptions.create()
        .setHeader("Authorization", "Bearer " + token).setData(new JsonObject().put("title", "Linked").getMap()));
    JsonObject meeting = new JsonObject(created.text());

    host.navigate("/#/");
    host.getByTestId("join-any").fill("not a code");
    host.getByTestId("join-any-submit").click();
    assertThat(host.getByTestId("join-any-error")).containsText("whole link");
    host.getByTestId("join-any").fill(meeting.getString("joinUrl"));
    host.getByTestId("join-any-submit").click();
    assertThat(host).hasURL(Pattern.compile("#/join/" + meeting.getString("joinCode") + "$"));
    host.navigate("/#/");
    host.getByTestId("join-any").fill(meeting.getString("joinCode"));
    host.getByTestId("join-any").press("Enter");
    assertThat(host).hasURL(Pattern.compile("#/join/" + meeting.getString("joinCode") + "$"));
    console.assertNoFailedRequests();
    console.assertClean();
  }

  @Test
  @DisplayName("Whoever starts a conversation by user id sees the other person's name as its heading; the other sees it unread on Messages")
  void conversationHeadingNamesThePeer() {
    Page bea = newPage();
    String beaId = Accounts.signUp(bea.context(), harness.baseUrl, "Bea Quiet").getJsonObject("user").getString("id");
    Page ada = newPage();
    BrowserConsole console = BrowserConsole.watch(ada);
    Accounts.signUp(ada.context(), harness.baseUrl, "Ada Opener");

    ada.navigate("/#/conversations");
    ada.getByTestId("conversation-peer").fill(beaId);
    ada.getByTestId("conversation-open").click();
    assertThat(ada.getByTestId("conversation-title")).hasText("Bea Quiet");
    ada.getByTestId("chat-input").fill("Hello Bea");
    ada.getByTestId("chat-send").click();
    assertThat(ada.getByTestId("chat-messages").getByTestId("chat-text")).hasText("Hello Bea");

    ada.navigate("/#/conversations");
    assertThat(ada.getByTestId("conversation-name")).hasText("Bea Quiet");
    // Bea's top bar counts the unread message on Messages, on whichever page she is.
    bea.navigate("/#/people");
    assertThat(bea.getByTestId("nav-unread")).hasText("1 unread");
    console.assertNoFailedRequests();
    console.assertClean();
  }
}
