package dev.parley.e2e;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every main page fits a phone (390 × 844) and a laptop (1280 × 800): nothing wider than the viewport
 * (no sideways scrolling), and in a call the control bar and the chat's send button are on screen.
 */
@DisplayName("Layout on a phone and a laptop")
class BrowserLayoutTest {

  private static final double TIMEOUT_MS = 20_000;
  private static final LocatorAssertions.IsInViewportOptions FULLY = new LocatorAssertions.IsInViewportOptions().setRatio(1);

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

  private Page newPage(int width, int height) {
    Chromium.assumeInstalled();
    BrowserContext context = harness.browser.newContext(new Browser.NewContextOptions().setBaseURL(harness.baseUrl)
        .setViewportSize(width, height).setLocale("en-US").setTimezoneId("Europe/Berlin"));
    context.setDefaultTimeout(TIMEOUT_MS);
    contexts.add(context);
    return context.newPage();
  }

  @ParameterizedTest(name = "{0} x {1}")
  @CsvSource({"390, 844", "1280, 800"})
  @DisplayName("No main page scrolls sideways, fails a request or logs an error")
  void noPageScrollsSideways(int width, int height) {
    Page guest = newPage(width, height);
    BrowserConsole guestConsole = BrowserConsole.watch(guest);
    Page page = newPage(width, height);
    BrowserConsole console = BrowserConsole.watch(page);
    JsonObject account = Accounts.signUp(page.context(), harness.baseUrl, "Wendy Widthwise-Longname");
    String token = account.getString("accessToken");
    JsonObject meeting = post(page, token, "/api/v1/meetings", new JsonObject().put("title", "A meeting with a rather long title to wrap"));
    LocalDate day = LocalDate.now().plusDays(2);
    JsonObject event = post(page, token, "/api/v1/events", new JsonObject().put("title", "Office hours")
        .put("startDate", day.toString()).put("endDate", day.plusDays(6).toString()).put("timeZone", "Europe/Berlin"));
    Page other = newPage(width, height);
    String otherId = Accounts.signUp(other.context(), harness.baseUrl, "Otto Other").getJsonObject("user").getString("id");

    Map<String, String> failures = new LinkedHashMap<>();
    for (String[] visit : new String[][] {
        {"/#/signin", "signin-submit"}, {"/#/signup", "signup-submit"},
        {"/#/join/" + meeting.getString("joinCode"), "join-submit"}}) {
      check(guest, visit[0], visit[1], failures);
    }
    for (String[] visit : new String[][] {
        {"/#/", "welcome"},
        {"/#/meetings/" + meeting.getString("id"), "join-call"},
        {"/#/conversations", "conversation-open"},
        {"/#/conversations/" + otherId, "chat-send"},
        {"/#/people", "people-search"},
        {"/#/profile", "profile-name"},
        {"/#/events", "event-submit"},
        {"/#/events/" + event.getString("id"), "calendar"},
        {"/#/room/" + meeting.getString("id"), "room-join"}}) {
      check(page, visit[0], visit[1], failures);
    }
    assertThat(failures).as("pages wider than the %d px viewport (scrollWidth)", width).isEmpty();
    // Visiting every main page, signed out and signed in, fails no request and logs no error.
    guestConsole.assertNoFailedRequests();
    guestConsole.assertClean();
    console.assertNoFailedRequests();
    console.assertClean();
  }

  @ParameterizedTest(name = "{0} x {1}")
  @CsvSource({"390, 844", "1280, 800"})
  @DisplayName("In a call, the control bar and the chat's send button are inside the viewport")
  void callControlsOnScreen(int width, int height) {
    Page page = newPage(width, height);
    BrowserConsole console = BrowserConsole.watch(page);
    String token = Accounts.signUp(page.context(), harness.baseUrl, "Carla Caller").getString("accessToken");
    JsonObject meeting = post(page, token, "/api/v1/meetings", new JsonObject().put("title", "Thumb test"));

    page.navigate("/#/room/" + meeting.getString("id"));
    page.getByTestId("room-join").click();
    Locator leave = page.getByTestId("leave-room");
    assertThat(leave).isVisible();
    for (String control : List.of("toggle-mic", "toggle-camera", "chat-toggle", "leave-room")) {
      assertThat(page.getByTestId(control)).isInViewport(FULLY);
    }
    assertThat(scrollWidth(page)).as("room scrollWidth; %s", page.evaluate(WIDEST)).isLessThanOrEqualTo(width);

    page.getByTestId("chat-toggle").click();
    Locator send = page.getByTestId("room-chat-send");
    assertThat(send).isVisible();
    assertThat(send).isInViewport(FULLY);
    assertThat(page.getByTestId("room-chat-input")).isInViewport(FULLY);
    assertThat(scrollWidth(page)).as("room with chat scrollWidth; %s", page.evaluate(WIDEST)).isLessThanOrEqualTo(width);
    console.assertNoFailedRequests();
    console.assertClean();
  }

  private static void check(Page page, String path, String readyTestId, Map<String, String> failures) {
    page.navigate(path);
    assertThat(page.getByTestId(readyTestId).first()).isAttached();
    assertThat(page.locator("[aria-busy='true']")).hasCount(0);
    long width = scrollWidth(page);
    long inner = ((Number) page.evaluate("() => innerWidth")).longValue();
    if (width > inner) {
      failures.put(path, width + " > " + inner + ": " + page.evaluate(WIDEST));
    }
  }

  /** Names the elements that stick out to the right, for the failure message. */
  private static final String WIDEST = """
      () => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
        .slice(0, 5)
        .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}[${Math.round(e.getBoundingClientRect().right)}]`)
        .join(', ')
      """;

  private static long scrollWidth(Page page) {
    return ((Number) page.evaluate("() => document.documentElement.scrollWidth")).longValue();
  }

  private static JsonObject post(Page page, String token, String path, JsonObject body) {
    APIResponse response = page.context().request().post(harness.baseUrl + path, RequestOptions.create()
        .setHeader("Authorization", "Bearer " + token).setData(body.getMap()));
    assertThat(response.status()).as(path + ": " + response.text()).isBetween(200, 299);
    return new JsonObject(response.text());
  }
}
