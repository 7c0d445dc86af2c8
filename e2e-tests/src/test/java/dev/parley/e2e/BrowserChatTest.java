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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chat in real Chromium through a standalone Parley: two signed-in people in a meeting's chat before,
 * during and after a call; hostile message text shown as inert text; direct conversations with
 * unread badges.
 */
@DisplayName("Chat in the browser")
class BrowserChatTest {

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

  /** A signed-in person: their page (whose context holds the refresh cookie), id and access token. */
  private record Person(Page page, String id, String token) {
  }

  private Person signUp(String displayName) {
    Chromium.assumeInstalled();
    BrowserContext context = harness.browser.newContext(new Browser.NewContextOptions().setBaseURL(harness.baseUrl));
    context.setDefaultTimeout(TIMEOUT_MS);
    contexts.add(context);
    Page page = context.newPage();
    JsonObject session = Accounts.signUp(context, harness.baseUrl, displayName);
    return new Person(page, session.getJsonObject("user").getString("id"), session.getString("accessToken"));
  }

  /** @return the id of a meeting hosted by {@code host} that {@code member} joined by its code */
  private static String meetingOf(Person host, Person member) {
    APIResponse created = host.page().context().request().post(harness.baseUrl + "/api/v1/meetings", RequestOptions.create()
        .setHeader("Authorization", "Bearer " + host.token()).setData(new JsonObject().put("title", "Chatty meeting").getMap()));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    JsonObject meeting = new JsonObject(created.text());
    APIResponse joined = member.page().context().request().post(harness.baseUrl + "/api/v1/meetings/join/" + meeting.getString("joinCode"),
        RequestOptions.create().setHeader("Authorization", "Bearer " + member.token()));
    assertThat(joined.status()).as(joined.text()).isEqualTo(200);
    return meeting.getString("id");
  }

  private static void say(Page page, String chat, String text) {
    page.getByTestId(chat + "-input").fill(text);
    page.getByTestId(chat + "-send").click();
  }

  private static Locator texts(Page page, String chat) {
    return page.getByTestId(chat + "-messages").getByTestId("chat-text");
  }

  @Test
  @DisplayName("Two people chat on the meeting page before the call, in the call's chat panel during it, and on the page after it")
  void beforeDuringAfter() throws InterruptedException {
    Person ada = signUp("Ada");
    Person bob = signUp("Bob");
    String meetingId = meetingOf(ada, bob);

    for (Person person : List.of(ada, bob)) {
      person.page().navigate("/#/meetings/" + meetingId);
      assertThat(person.page().getByTestId("meeting-chat")).hasAttribute("data-ready", "true");
    }
    say(ada.page(), "meeting-chat", "Hello before the call");
    assertThat(texts(bob.page(), "meeting-chat")).hasText(new String[] {"Hello before the call"});
    // Ada's name opens her card, whose Message leads to their conversation.
    bob.page().getByTestId("person-card-open").first().click();
    assertThat(bob.page().getByTestId("person-card-message")).hasAttribute("href",
        java.util.regex.Pattern.compile("#/conversations/" + ada.id()));
    bob.page().getByTestId("person-card-close").click();
    assertThat(bob.page().getByTestId("person-card")).hasCount(0);
    say(bob.page(), "meeting-chat", "Hi Ada, see you in the call");
    assertThat(texts(ada.page(), "meeting-chat")).hasText(new String[] {"Hello before the call", "Hi Ada, see you in the call"});

    for (Person person : List.of(ada, bob)) {
      person.page().getByTestId("join-call").click();
      person.page().getByTestId("room-join").click();
    }
    for (Person person : List.of(ada, bob)) {
      Peers.awaitConnected(person.page(), 1);
    }
    ada.page().getByTestId("chat-toggle").click();
    assertThat(texts(ada.page(), "room-chat")).hasText(new String[] {"Hello before the call", "Hi Ada, see you in the call"});
    say(ada.page(), "room-chat", "Can you hear me?");
    assertThat(bob.page().getByTestId("chat-unread")).hasText("1");
    bob.page().getByTestId("chat-toggle").click();
    assertThat(texts(bob.page(), "room-chat")).hasText(new String[] {
        "Hello before the call", "Hi Ada, see you in the call", "Can you hear me?"});
    say(bob.page(), "room-chat", "Loud and clear");
    assertThat(texts(ada.page(), "room-chat").last()).hasText("Loud and clear");

    for (Person person : List.of(ada, bob)) {
      person.page().getByTestId("leave-room").click();
      if (person == ada) {
        person.page().getByTestId("leave-only").click(); // the host is asked: leave, or end for everyone
      }
      assertThat(person.page().getByTestId("left-screen")).isVisible();
      person.page().navigate("/#/meetings/" + meetingId);
      assertThat(person.page().getByTestId("meeting-chat")).hasAttribute("data-ready", "true");
    }
    say(bob.page(), "meeting-chat", "Thanks for the call");
    String[] all = {"Hello before the call", "Hi Ada, see you in the call", "Can you hear me?", "Loud and clear",
        "Thanks for the call"};
    assertThat(texts(ada.page(), "meeting-chat")).hasText(all);
    assertThat(texts(bob.page(), "meeting-chat")).hasText(all);
  }

  @Test
  @DisplayName("Markup, script and javascript: links in messages appear as inert text; only http(s) addresses become links")
  void hostileText() {
    Person ada = signUp("Ada");
    Person bob = signUp("Bob");
    String meetingId = meetingOf(ada, bob);
    List<String> dialogs = new CopyOnWriteArrayList<>();
    bob.page().onDialog(dialog -> {
      dialogs.add(dialog.message());
      dialog.dismiss();
    });
    for (Person person : List.of(ada, bob)) {
      person.page().navigate("/#/meetings/" + meetingId);
      assertThat(person.page().getByTestId("meeting-chat")).hasAttribute("data-ready", "true");
    }
    String[] payloads = {
        "<img src=x onerror=alert(1)>",
        "<script>alert(2)</script>",
        "<a href=\"javascript:alert(3)\">click me</a>",
        "javascript:alert(4)",
        "<svg onload=alert(5)></svg>",
        "\"><iframe src=javascript:alert(6)></iframe>",
        "Docs at https://example.com/guide?x=1&y=2, <b>bold?</b>",
    };

    for (String payload : payloads) {
      say(ada.page(), "meeting-chat", payload);
    }

    Locator list = bob.page().getByTestId("meeting-chat-messages");
    assertThat(texts(bob.page(), "meeting-chat")).hasText(payloads);
    assertThat(list.locator("img, script, svg, iframe, b")).hasCount(0);
    Locator links = texts(bob.page(), "meeting-chat").locator("a");
    assertThat(links).hasCount(1);
    assertThat(links).hasAttribute("href", "https://example.com/guide?x=1&y=2");
    assertThat(links).hasAttribute("rel", "noopener noreferrer");
    assertThat(links).hasText("https://example.com/guide?x=1&y=2");
    assertThat(dialogs).as("no script ran").isEmpty();
  }

  @Test
  @DisplayName("A direct message shows as unread in the recipient's conversations until they read it")
  void conversations() throws InterruptedException {
    Person ada = signUp("Ada");
    Person bob = signUp("Bob");
    ada.page().navigate("/#/conversations/" + bob.id());
    assertThat(ada.page().getByTestId("chat")).hasAttribute("data-ready", "true");
    say(ada.page(), "chat", "Hi Bob, a quick question");
    assertThat(texts(ada.page(), "chat")).hasText(new String[] {"Hi Bob, a quick question"});

    bob.page().navigate("/#/conversations");
    Locator conversation = bob.page().getByTestId("conversation");
    assertThat(conversation.getByTestId("conversation-name")).hasText("Ada");
    assertThat(conversation.getByTestId("conversation-unread")).hasText("1");
    conversation.locator("a").click();
    assertThat(bob.page().getByTestId("conversation-title")).hasText("Ada");
    assertThat(texts(bob.page(), "chat")).hasText(new String[] {"Hi Bob, a quick question"});

    Poll.until("the conversation to count as read", Duration.ofMillis((long) TIMEOUT_MS), () -> {
      bob.page().navigate("/#/conversations");
      bob.page().reload(); // the list is read when the page renders
      bob.page().getByTestId("conversation").first().waitFor();
      return bob.page().getByTestId("conversation-unread").count() == 0;
    }, () -> "still unread");
  }

  @Test
  @DisplayName("A message refused by the send limit says it was not sent, and goes through when retried")
  void failedSendRetried() throws InterruptedException {
    Person ada = signUp("Ada");
    Person bob = signUp("Bob");
    ada.page().navigate("/#/conversations/" + bob.id());
    assertThat(ada.page().getByTestId("chat")).hasAttribute("data-ready", "true");
    for (int i = 1; i <= 20; i++) {
      say(ada.page(), "chat", "message " + i);
    }
    // On a loaded machine a send can time out on its way; its retry (same client message id) is
    // answered with the stored message, so retry until all twenty are shown as sent.
    Poll.until("20 messages stored", Duration.ofMillis((long) TIMEOUT_MS), () -> {
      if (ada.page().getByTestId("chat-retry").count() > 0) {
        ada.page().getByTestId("chat-retry").first().click();
      }
      return texts(ada.page(), "chat").count() == 20 && ada.page().getByTestId("chat-pending").count() == 0;
    }, () -> "shown: " + texts(ada.page(), "chat").allTextContents() + "; not sent: "
        + ada.page().getByTestId("chat-failed").allTextContents());

    say(ada.page(), "chat", "one too many");

    Locator failed = ada.page().getByTestId("chat-failed");
    assertThat(failed).containsText("Not sent.");
    assertThat(failed).containsText("too fast");
    // The limit's window is 10 s: retrying succeeds once it has passed.
    Poll.until("the retried message to be stored", Duration.ofSeconds(30), () -> {
      if (ada.page().getByTestId("chat-retry").count() > 0) {
        ada.page().getByTestId("chat-retry").click();
      }
      return texts(ada.page(), "chat").count() == 21 && ada.page().getByTestId("chat-pending").count() == 0;
    }, () -> "still not sent");
    assertThat(texts(ada.page(), "chat").last()).hasText("one too many");
  }
}
