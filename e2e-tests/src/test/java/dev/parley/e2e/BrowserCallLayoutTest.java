package dev.parley.e2e;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
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
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call's layout at 1280 × 800: two people (the other fills the stage, the own picture is a small
 * movable picture-in-picture), four people (every tile fully visible without scrolling), the host
 * menu in the control bar, and the keyboard shortcuts.
 */
@DisplayName("Call layout in the browser")
class BrowserCallLayoutTest {

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
    BrowserContext context = harness.browser.newContext(new Browser.NewContextOptions().setBaseURL(harness.baseUrl)
        .setViewportSize(1280, 800));
    context.setDefaultTimeout(TIMEOUT_MS);
    contexts.add(context);
    return context.newPage();
  }

  /** @return the host's page, in the call of a new meeting; {@code joinCode} is set */
  private Page hostInCall(String[] joinCode) {
    Page host = newPage();
    String token = Accounts.signUp(host.context(), harness.baseUrl, "Hana Host").getString("accessToken");
    APIResponse created = host.context().request().post(harness.baseUrl + "/api/v1/meetings", RequestOptions.create()
        .setHeader("Authorization", "Bearer " + token).setData(new JsonObject().put("title", "Layout call").getMap()));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    JsonObject meeting = new JsonObject(created.text());
    joinCode[0] = meeting.getString("joinCode");
    host.navigate("/#/room/" + meeting.getString("id"));
    host.getByTestId("room-join").click();
    assertThat(host.getByTestId("leave-room")).isVisible();
    return host;
  }

  private Page guestJoins(String joinCode, String name) {
    Page guest = newPage();
    guest.navigate("/#/join/" + joinCode);
    guest.getByTestId("join-name").fill(name);
    guest.getByTestId("join-submit").click();
    guest.getByTestId("room-join").click();
    return guest;
  }

  @Test
  @DisplayName("Two people: the other's video is at least four times the self-view, which moves to another corner; their tile shows connection quality and speaking; only the host has the host menu, and Leave asks the host to leave or end for everyone")
  void twoPeople() throws InterruptedException {
    String[] code = new String[1];
    Page host = hostInCall(code);
    BrowserConsole console = BrowserConsole.watch(host);
    Page guest = guestJoins(code[0], "Gus Guest");
    Peers.awaitConnected(host, 1);
    Peers.awaitVideoFlowing(host);

    Locator remote = host.locator("[data-testid='tile']:not([data-self]) video");
    Locator self = host.locator("[data-testid='tile'][data-self] video");
    assertThat(remote).isVisible();
    assertThat(self).isVisible();
    double remoteArea = area(remote.boundingBox());
    double selfArea = area(self.boundingBox());
    assertThat(remoteArea).as("remote %s vs self %s", remoteArea, selfArea).isGreaterThanOrEqualTo(4 * selfArea);

    // getStats() feeds each remote tile's connection quality, and outlines whoever speaks (the fake
    // microphone beeps).
    Locator remoteTile = host.locator("[data-testid='tile']:not([data-self])");
    assertThat(remoteTile.getByTestId("tile-quality")).hasAttribute("aria-label", Pattern.compile("Connection (good|fair|poor)"));
    assertThat(remoteTile).hasClass(Pattern.compile("\\bspeaking\\b"));

    Locator selfTile = host.locator("[data-testid='tile'][data-self]");
    assertThat(selfTile).hasAttribute("data-corner", "bottom-right");
    BoundingBox stage = host.getByTestId("stage").boundingBox();
    BoundingBox from = selfTile.boundingBox();
    host.mouse().move(from.x + from.width / 2, from.y + from.height / 2);
    host.mouse().down();
    host.mouse().move(stage.x + 40, stage.y + 40, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
    host.mouse().up();
    assertThat(selfTile).hasAttribute("data-corner", "top-left");

    assertThat(guest.getByTestId("host-menu-toggle")).isHidden();
    host.getByTestId("host-menu-toggle").click();
    Locator menu = host.getByTestId("host-menu");
    for (String control : List.of("mute-all", "mute-all-hard", "lock-room", "timer-15", "timer-30", "timer-45", "end-meeting")) {
      assertThat(menu.getByTestId(control)).isVisible();
    }
    assertThat(host.getByTestId("participants-panel").getByTestId("mute-all")).hasCount(0);
    host.keyboard().press("Escape");
    assertThat(menu).isHidden();

    // Leave asks the host whether to leave or end the meeting for everyone.
    host.getByTestId("leave-room").click();
    assertThat(host.getByTestId("leave-dialog")).isVisible();
    host.getByTestId("leave-cancel").click();
    assertThat(host.getByTestId("leave-dialog")).isHidden();
    assertThat(host.getByTestId("leave-room")).isVisible();
    host.getByTestId("leave-room").click();
    host.getByTestId("leave-end-all").click();
    assertThat(host.getByTestId("ended-screen")).isVisible();
    assertThat(guest.getByTestId("ended-screen")).isVisible();
    console.assertClean();
  }

  @Test
  @DisplayName("Four people: every tile is fully visible on the stage without scrolling, and axe-core finds no serious violation; speaker view shows one person large")
  void fourPeople() throws InterruptedException {
    String[] code = new String[1];
    Page host = hostInCall(code);
    for (String name : List.of("Ann", "Ben", "Cat")) {
      guestJoins(code[0], name);
    }
    Peers.awaitConnected(host, 3);
    Locator tiles = host.getByTestId("tile");
    assertThat(tiles).hasCount(4);
    BoundingBox stage = host.getByTestId("stage").boundingBox();
    for (int i = 0; i < 4; i++) {
      assertThat(tiles.nth(i)).isInViewport(new com.microsoft.playwright.assertions.LocatorAssertions.IsInViewportOptions().setRatio(1));
      BoundingBox tile = tiles.nth(i).boundingBox();
      assertThat(tile.y + tile.height).as("tile %d bottom within the stage", i).isLessThanOrEqualTo(stage.y + stage.height + 0.5);
      assertThat(tile.x + tile.width).as("tile %d right within the stage", i).isLessThanOrEqualTo(stage.x + stage.width + 0.5);
    }
    assertThat(((Number) host.evaluate("() => { const s = document.querySelector('[data-testid=stage]'); return s.scrollHeight - s.clientHeight; }"))
        .intValue()).as("the stage does not scroll").isLessThanOrEqualTo(0);
    assertThat(Axe.seriousViolations(host)).as("serious and critical axe-core violations with four people").isEmpty();

    // Speaker view: one of the others large, the rest in a strip; and back to the grid.
    host.getByTestId("speaker-view").click();
    assertThat(host.getByTestId("stage")).hasClass(Pattern.compile("\\bpresenting\\b"));
    assertThat(host.locator("[data-testid='tile'].presenter:not([data-self])")).hasCount(1);
    host.getByTestId("speaker-view").click();
    assertThat(host.locator("[data-testid='tile'].presenter")).hasCount(0);
  }

  @Test
  @DisplayName("M, V, H and C work the microphone, camera, hand and chat, not while typing; ? lists them; Settings lists the devices; the timer counts down to “Time is up”")
  void keyboardShortcuts() {
    Page host = hostInCall(new String[1]);
    BrowserConsole console = BrowserConsole.watch(host);
    Locator mic = host.getByTestId("toggle-mic");
    assertThat(mic).hasAttribute("aria-pressed", "true");
    host.keyboard().press("m");
    assertThat(mic).hasAttribute("aria-pressed", "false");
    host.keyboard().press("v");
    assertThat(host.getByTestId("toggle-camera")).hasAttribute("aria-pressed", "false");
    host.keyboard().press("h");
    assertThat(host.getByTestId("raise-hand")).hasAttribute("aria-pressed", "true");
    host.keyboard().press("c");
    assertThat(host.getByTestId("room-chat-input")).isFocused();
    host.keyboard().type("mvhc");
    assertThat(host.getByTestId("room-chat-input")).hasValue("mvhc");
    assertThat(mic).hasAttribute("aria-pressed", "false");
    host.getByTestId("room-chat-input").blur();
    host.keyboard().press("Shift+?");
    assertThat(host.getByTestId("shortcuts-dialog")).isVisible();
    assertThat(host.getByTestId("shortcuts-dialog")).containsText("Turn the microphone on or off");
    host.getByTestId("shortcuts-close").click();
    assertThat(host.getByTestId("shortcuts-dialog")).isHidden();

    // Device settings in the call: the camera and microphone in use are listed and chosen.
    host.getByTestId("settings-open").click();
    assertThat(host.getByTestId("settings-dialog")).isVisible();
    assertThat(host.getByTestId("settings-camera").locator("option")).not().hasCount(0);
    assertThat(host.getByTestId("settings-mic").locator("option")).not().hasCount(0);
    host.getByTestId("settings-close").click();
    assertThat(host.getByTestId("settings-dialog")).isHidden();

    // The host menu's timer counts down in the header for everyone, and says when time is up.
    host.getByTestId("host-menu-toggle").click();
    host.getByTestId("timer-15").click();
    assertThat(host.getByTestId("room-timer")).hasText(Pattern.compile("0:1\\d"));
    assertThat(host.getByTestId("room-timer")).hasText("Time is up");
    assertThat(host.locator(".room-badge.timer")).hasClass(Pattern.compile("\\bexpired\\b"));
    console.assertClean();
  }

  private static double area(BoundingBox box) {
    return box.width * box.height;
  }
}
