package dev.parley.e2e;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
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

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real WebRTC calls between headless Chromium contexts (fake camera and microphone) through a
 * standalone Parley: a host who created the meeting, and guests who only have its link.
 */
@DisplayName("Video calls in the browser")
class BrowserCallTest {

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

  /** A meeting created by a host who signed up through the API of the host page's own context. */
  private record Meeting(Page host, String id, String joinCode) {
  }

  private Meeting hostMeeting() {
    return hostMeeting(new JsonObject());
  }

  /** @param settings the meeting's settings, e.g. {@code {"lobby": true}} */
  private Meeting hostMeeting(JsonObject settings) {
    Page host = newPage();
    String token = Accounts.signUp(host.context(), harness.baseUrl, "Hana Host").getString("accessToken");
    APIResponse created = host.context().request().post(harness.baseUrl + "/api/v1/meetings", RequestOptions.create()
        .setHeader("Authorization", "Bearer " + token)
        .setData(new JsonObject().put("title", "Browser call").put("settings", settings.getMap()).getMap()));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    JsonObject meeting = new JsonObject(created.text());
    host.navigate("/#/room/" + meeting.getString("id"));
    host.getByTestId("room-join").click();
    return new Meeting(host, meeting.getString("id"), meeting.getString("joinCode"));
  }

  /** A page of a new account, signed in through the API of its own context and showing the home page. */
  private record Account(Page page, String id) {
  }

  private Account signedIn(String name) {
    Page page = newPage();
    JsonObject session = Accounts.signUp(page.context(), harness.baseUrl, name);
    page.navigate("/#/");
    assertThat(page.getByTestId("welcome")).containsText(name);
    return new Account(page, session.getJsonObject("user").getString("id"));
  }

  private Page guestJoins(Meeting meeting, String name) {
    Page guest = newPage();
    guest.navigate("/#/join/" + meeting.joinCode());
    guest.getByTestId("join-name").fill(name);
    guest.getByTestId("join-submit").click();
    guest.getByTestId("room-join").click();
    return guest;
  }

  @Test
  @DisplayName("A host and a guest who only has the link see each other; a third participant connects with both")
  void twoThenThree() throws InterruptedException {
    Meeting meeting = hostMeeting();
    Page guest = guestJoins(meeting, "Gus Guest");
    Peers.awaitConnected(meeting.host(), 1);
    Peers.awaitConnected(guest, 1);
    Peers.awaitVideoFlowing(meeting.host());
    Peers.awaitVideoFlowing(guest);

    Page third = guestJoins(meeting, "Tia Third");
    for (Page page : List.of(meeting.host(), guest, third)) {
      Peers.awaitConnected(page, 2);
    }
    Peers.awaitVideoFlowing(third);
  }

  @Test
  @DisplayName("Mute-all mutes the guest, who may unmute; hard mute-all locks their microphone; removal and ending show their screens; a removed guest's browser stays out, a reloaded guest comes back under their name; the host menu turns the lobby on")
  void hostControls() throws InterruptedException {
    Meeting meeting = hostMeeting();
    Page guest = guestJoins(meeting, "Mo Muted");
    Peers.awaitConnected(meeting.host(), 1);
    assertThat(guest.getByTestId("toggle-mic")).hasAttribute("aria-pressed", "true");

    meeting.host().getByTestId("participants-toggle").click();
    meeting.host().getByTestId("host-menu-toggle").click();
    meeting.host().getByTestId("mute-all").click();
    assertThat(guest.getByTestId("toggle-mic")).hasAttribute("aria-pressed", "false");
    assertThat(meeting.host().getByTestId("participant").last().getByTestId("participant-mic"))
        .hasAttribute("aria-label", "Microphone off");
    assertThat(guest.getByTestId("toggle-mic")).isEnabled();
    guest.getByTestId("toggle-mic").click();
    assertThat(guest.getByTestId("toggle-mic")).hasAttribute("aria-pressed", "true");

    meeting.host().getByTestId("mute-all-hard").click();
    assertThat(guest.getByTestId("toggle-mic")).hasAttribute("aria-pressed", "false");
    assertThat(guest.getByTestId("toggle-mic")).isDisabled();

    meeting.host().getByTestId("remove-participant").first().click();
    meeting.host().getByTestId("remove-confirm").first().click();
    assertThat(guest.getByTestId("removed-screen")).isVisible();
    // The removed guest's browser keeps its guest pass: no other name gets it back in.
    guest.navigate("/#/join/" + meeting.joinCode());
    assertThat(guest.getByTestId("join-removed")).isVisible();
    assertThat(guest.getByTestId("join-submit")).hasCount(0);

    Page again = guestJoins(meeting, "Mo Again");
    Peers.awaitConnected(again, 1);
    // A guest who was not removed reloads: back in under the same name without being asked for one.
    again.reload();
    again.getByTestId("room-join").click();
    Peers.awaitConnected(again, 1);
    assertThat(meeting.host().getByTestId("participant").filter(new com.microsoft.playwright.Locator.FilterOptions()
        .setHasText("Mo Again"))).hasCount(1);
    // The host turns the lobby on from the host menu: the next newcomer waits to be let in.
    assertThat(meeting.host().getByTestId("lobby-toggle")).hasAttribute("aria-pressed", "false");
    meeting.host().getByTestId("lobby-toggle").click();
    assertThat(meeting.host().getByTestId("lobby-toggle")).hasAttribute("aria-pressed", "true");
    Page newcomer = guestJoins(meeting, "Nia Newcomer");
    assertThat(meeting.host().getByTestId("lobby-entry")).containsText("Nia Newcomer");
    assertThat(newcomer.getByTestId("participant")).hasCount(0);
    meeting.host().getByTestId("end-meeting").click();
    meeting.host().getByTestId("end-meeting-confirm").click();
    assertThat(meeting.host().getByTestId("ended-screen")).isVisible();
    assertThat(again.getByTestId("ended-screen")).isVisible();

    Page late = newPage();
    late.navigate("/#/join/" + meeting.joinCode());
    late.getByTestId("join-name").fill("Too Late");
    late.getByTestId("join-submit").click();
    assertThat(late.getByTestId("form-error")).containsText("ended");
  }

  @Test
  @DisplayName("A participant's socket is cut: it resumes within seconds, the call goes on, and the others never see a leave")
  void socketCut() throws InterruptedException {
    Meeting meeting = hostMeeting();
    Page guest = guestJoins(meeting, "Wendy Wobbly");
    Peers.awaitConnected(meeting.host(), 1);
    Peers.awaitConnected(guest, 1);
    Peers.awaitVideoFlowing(meeting.host());

    guest.evaluate("() => window.__parley.dropSocket()");

    Poll.until("the host to see the guest reconnecting", Duration.ofMillis((long) TIMEOUT_MS),
        () -> Boolean.TRUE.equals(meeting.host().evaluate(
            "() => window.__parley.events.some(e => e.reconnecting === true)")),
        () -> String.valueOf(meeting.host().evaluate("() => JSON.stringify(window.__parley.events)")));
    Poll.until("the host to see the guest back", Duration.ofMillis((long) TIMEOUT_MS),
        () -> Boolean.TRUE.equals(meeting.host().evaluate(
            "() => window.__parley.events.findLastIndex(e => e.reconnecting === false) "
                + "> window.__parley.events.findIndex(e => e.reconnecting === true)")),
        () -> String.valueOf(meeting.host().evaluate("() => JSON.stringify(window.__parley.events)")));
    assertThat(guest.getByTestId("room-reconnecting")).isHidden();
    assertThat(meeting.host().locator("[data-testid=tile][data-reconnecting=true]")).hasCount(0);
    Peers.awaitConnected(guest, 1);
    Peers.awaitConnected(meeting.host(), 1);
    Peers.awaitVideoFlowing(meeting.host());
    Peers.awaitVideoFlowing(guest);
    Object hostSaw = meeting.host().evaluate(
        "() => window.__parley.events.filter(e => e.type === 'room.member-left' || e.type === 'room.member-joined').length");
    assertThat(((Number) hostSaw).intValue()).as("member-left or member-joined pushes after the guest's first arrival")
        .isEqualTo(1);
  }

  @Test
  @DisplayName("Someone who joins while a participant is reconnecting connects with them once they are back")
  void joinDuringReconnect() throws InterruptedException {
    Meeting meeting = hostMeeting();
    Account returning = signedIn("Rita Reconnecting");
    Page member = returning.page();
    member.navigate("/#/join/" + meeting.joinCode());
    member.getByTestId("join-submit").click();
    member.getByTestId("room-join").click();
    Peers.awaitConnected(meeting.host(), 1);
    Peers.awaitConnected(member, 1);

    // Offline, the member's browser cannot open a new socket to resume (WebRTC between local peers goes on).
    member.context().setOffline(true);
    member.evaluate("() => window.__parley.dropSocket()");
    Poll.until("the host to see the member reconnecting", Duration.ofMillis((long) TIMEOUT_MS),
        () -> Boolean.TRUE.equals(meeting.host().evaluate(
            "() => window.__parley.events.some(e => e.reconnecting === true)")),
        () -> String.valueOf(meeting.host().evaluate("() => JSON.stringify(window.__parley.events)")));

    // A guest's id ("guest-…") sorts after an account's, so the newcomer is the impolite side of its pair
    // with the member (W3C WebRTC 1.0 §10.7): it ignores the offer the member makes on resuming, and only
    // its own offer, refused while the member was away, can connect them.
    Page newcomer = guestJoins(meeting, "Nico Newcomer");
    Poll.until("the newcomer's offer to the reconnecting member", Duration.ofMillis((long) TIMEOUT_MS),
        () -> "have-local-offer".equals(newcomer.evaluate("id => window.__parley?.peers.get(id)?.signalingState", returning.id())),
        () -> String.valueOf(newcomer.evaluate("id => window.__parley?.peers.get(id)?.signalingState", returning.id())));
    Poll.until("the newcomer to connect with the host", Duration.ofMillis((long) TIMEOUT_MS),
        () -> Boolean.TRUE.equals(newcomer.evaluate("id => [...(window.__parley?.peers.entries() ?? [])]"
            + ".some(([other, peer]) => other !== id && peer.connectionState === 'connected')", returning.id())),
        () -> "not yet");
    assertThat(meeting.host().locator("[data-testid=tile][data-reconnecting=true]")).hasCount(1);
    member.context().setOffline(false);

    for (Page page : List.of(meeting.host(), member, newcomer)) {
      Peers.awaitConnected(page, 2);
    }
    Peers.awaitVideoFlowing(newcomer);
  }

  @Test
  @DisplayName("A direct call rings, is accepted and connects; an unanswered one ends as missed")
  void directCall() throws InterruptedException {
    Account carla = signedIn("Carla Caller");
    Account cody = signedIn("Cody Callee");

    carla.page().getByTestId("call-user-id").fill(cody.id());
    carla.page().getByTestId("call-start").click();
    assertThat(cody.page().getByTestId("call-dialog")).containsText("Carla Caller is calling you");
    cody.page().getByTestId("call-accept").click();
    carla.page().getByTestId("room-join").click();
    cody.page().getByTestId("room-join").click();
    Peers.awaitConnected(carla.page(), 1);
    Peers.awaitConnected(cody.page(), 1);
    Peers.awaitVideoFlowing(cody.page());

    Account dora = signedIn("Dora Dialler");
    dora.page().getByTestId("call-user-id").fill(carla.id());
    dora.page().getByTestId("call-start").click();
    assertThat(carla.page().getByTestId("call-dialog")).containsText("Dora Dialler is calling you");
    assertThat(dora.page().getByTestId("call-status")).hasText("No answer.");
    assertThat(carla.page().getByTestId("call-status")).hasText("You missed a call.");
  }

  @Test
  @DisplayName("With the lobby on, a guest waits until the host admits them and then connects; a denied guest is told so")
  void lobby() throws InterruptedException {
    Meeting meeting = hostMeeting(new JsonObject().put("lobby", true));
    assertThat(meeting.host().getByTestId("room")).isVisible();
    Page guest = guestJoins(meeting, "Wanda Waiting");
    assertThat(guest.getByTestId("lobby-waiting")).containsText("Waiting for the host");

    meeting.host().getByTestId("participants-toggle").click();
    assertThat(meeting.host().getByTestId("lobby-entry")).containsText("Wanda Waiting");
    meeting.host().getByTestId("lobby-admit").click();
    Peers.awaitConnected(guest, 1);
    Peers.awaitConnected(meeting.host(), 1);
    assertThat(meeting.host().getByTestId("lobby")).isHidden();

    Page denied = guestJoins(meeting, "Dennis Denied");
    assertThat(meeting.host().getByTestId("lobby-entry")).containsText("Dennis Denied");
    meeting.host().getByTestId("lobby-deny").click();
    assertThat(denied.getByTestId("room-join-error")).containsText("did not let you in");
  }
}
