package dev.parley.e2e;

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

/**
 * People in the browser: find someone by name, message them, call them from the conversation, and
 * keep one thread before, during and after the call; presence on the People page without reloads.
 */
@DisplayName("People in the browser")
class BrowserPeopleTest {

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

  private Person signedIn(String displayName) {
    Chromium.assumeInstalled();
    BrowserContext context = harness.browser.newContext(new Browser.NewContextOptions().setBaseURL(harness.baseUrl));
    context.setDefaultTimeout(TIMEOUT_MS);
    contexts.add(context);
    Page page = context.newPage();
    JsonObject session = Accounts.signUp(context, harness.baseUrl, displayName);
    page.navigate("/#/");
    assertThat(page.getByTestId("welcome")).containsText(displayName);
    return new Person(page, session.getJsonObject("user").getString("id"), session.getString("accessToken"));
  }

  private static Locator texts(Page page, String chat) {
    return page.getByTestId(chat + "-messages").getByTestId("chat-text");
  }

  private static void say(Page page, String chat, String text) {
    page.getByTestId(chat + "-input").fill(text);
    page.getByTestId(chat + "-send").click();
  }

  private static Locator findOn(Page page, String typed, String userId) {
    page.navigate("/#/people");
    page.getByTestId("people-search").fill(typed);
    return page.locator("[data-testid=person][data-user-id='" + userId + "']");
  }

  @Test
  @DisplayName("Ann finds Bob by part of his name, messages him, calls him from the conversation; one thread before, during and after the call; a name in the chat opens the person's card, whose Call calls")
  void findMessageCall() throws InterruptedException {
    Person ann = signedIn("Ann Archer");
    Person bob = signedIn("Robert Bramble Bishop");

    Locator bobRow = findOn(ann.page(), "bram", bob.id());
    assertThat(bobRow.getByTestId("person-name")).hasText("Robert Bramble Bishop");
    assertThat(bobRow.getByTestId("person-presence")).hasText("Online");
    bobRow.getByTestId("person-message").click();
    assertThat(ann.page().getByTestId("conversation-title")).hasText("Robert Bramble Bishop");
    assertThat(ann.page().locator(".conversation-header [data-testid=person-presence]")).hasText("Online");
    assertThat(ann.page().getByTestId("chat")).hasAttribute("data-ready", "true");
    say(ann.page(), "chat", "Before the call");
    assertThat(texts(ann.page(), "chat")).hasText(new String[] {"Before the call"});

    ann.page().getByTestId("conversation-call").click();
    assertThat(bob.page().getByTestId("call-dialog")).containsText("Ann Archer is calling you");
    bob.page().getByTestId("call-accept").click();
    ann.page().getByTestId("room-join").click();
    bob.page().getByTestId("room-join").click();
    Peers.awaitConnected(ann.page(), 1);
    Peers.awaitConnected(bob.page(), 1);
    Peers.awaitVideoFlowing(bob.page());

    bob.page().getByTestId("chat-toggle").click();
    assertThat(texts(bob.page(), "room-chat")).hasText(new String[] {"Before the call"});
    say(bob.page(), "room-chat", "During the call");
    ann.page().getByTestId("chat-toggle").click();
    assertThat(texts(ann.page(), "room-chat")).hasText(new String[] {"Before the call", "During the call"});

    bob.page().getByTestId("leave-room").click();
    bob.page().navigate("/#/conversations/" + ann.id());
    assertThat(texts(bob.page(), "chat")).hasText(new String[] {"Before the call", "During the call"});
    // Ann's name on her message opens her card; its Call calls her.
    bob.page().getByTestId("person-card-open").first().click();
    assertThat(bob.page().getByTestId("person-card")).containsText("Ann Archer");
    assertThat(bob.page().getByTestId("person-card-message")).hasAttribute("href",
        java.util.regex.Pattern.compile("#/conversations/" + ann.id()));
    bob.page().getByTestId("person-card-call").click();
    assertThat(bob.page().getByTestId("person-card")).hasCount(0);
    assertThat(bob.page().getByTestId("call-status")).hasText("Calling…");
    bob.page().getByTestId("call-cancel").click();
    bob.page().navigate("/#/conversations");
    assertThat(bob.page().getByTestId("conversation").getByTestId("person-presence")).hasText("In a call");
  }

  @Test
  @DisplayName("Bob's presence on Ann's People page goes online, in a call and offline without a reload; calling him offline offers a message")
  void presence() {
    Person ann = signedIn("Ann Watcher");
    Person bob = signedIn("Bob Presence");
    Locator badge = findOn(ann.page(), "presence", bob.id()).getByTestId("person-presence");
    assertThat(badge).hasText("Online");

    APIResponseMeeting meeting = APIResponseMeeting.create(bob);
    bob.page().navigate("/#/room/" + meeting.id());
    bob.page().getByTestId("room-join").click();
    assertThat(badge).hasText("In a call");

    bob.page().context().close();
    assertThat(badge).hasText("Offline");

    findOn(ann.page(), "presence", bob.id()).getByTestId("person-call").click();
    assertThat(ann.page().getByTestId("call-status")).hasText("Bob Presence is offline");
    ann.page().getByTestId("call-message").click();
    assertThat(ann.page().getByTestId("conversation-title")).isVisible();
  }

  /** A meeting created through the API of the person's own context. */
  private record APIResponseMeeting(String id) {
    static APIResponseMeeting create(Person host) {
      var created = host.page().context().request().post(harness.baseUrl + "/api/v1/meetings", RequestOptions.create()
          .setHeader("Authorization", "Bearer " + host.token()).setData(new JsonObject().put("title", "Busy").getMap()));
      return new APIResponseMeeting(new JsonObject(created.text()).getString("id"));
    }
  }
}
