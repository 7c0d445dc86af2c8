package dev.parley.e2e;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.RequestOptions;
import dev.parley.common.config.ParleyConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * axe-core, run in the page, finds no serious or critical WCAG 2.1 AA violation on the main pages,
 * in the light and the dark theme: sign-in, sign-up, join page, home, meeting page (with its chat),
 * conversations and a conversation, people, profile, scheduling, an event's calendar for its owner
 * and a booker, administration, and the room before joining, alone, with its chat, and with two people.
 */
@DisplayName("Accessibility of the main pages (axe-core)")
class BrowserAccessibilityTest {

  private static final double TIMEOUT_MS = 30_000;
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

  @TempDir
  static Path dataDir;

  private static BrowserHarness harness;
  private final List<BrowserContext> contexts = new ArrayList<>();
  private final Map<String, List<String>> violations = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    // Each theme's owner is an administrator, so that the admin page is checked in both.
    harness = BrowserHarness.start(dataDir, TIMEOUT_MS, new JsonObject().put(ParleyConfig.ADMIN_EMAILS,
        adminEmail(ColorScheme.LIGHT) + "," + adminEmail(ColorScheme.DARK)));
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

  private Page newPage(ColorScheme scheme) {
    Chromium.assumeInstalled();
    BrowserContext context = harness.browser.newContext(new Browser.NewContextOptions().setBaseURL(harness.baseUrl)
        .setViewportSize(1280, 800).setLocale("en-US").setTimezoneId(ZONE.getId()).setColorScheme(scheme));
    context.setDefaultTimeout(TIMEOUT_MS);
    contexts.add(context);
    return context.newPage();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = ColorScheme.class, names = {"LIGHT", "DARK"})
  @DisplayName("No serious or critical violation on any main page")
  void mainPages(ColorScheme scheme) throws InterruptedException {
    Page owner = newPage(scheme);
    JsonObject ownerAccount = Accounts.signUp(owner.context(), harness.baseUrl, "Ada Admin", adminEmail(scheme));
    String token = ownerAccount.getString("accessToken");
    JsonObject meeting = post(owner, token, "/api/v1/meetings", new JsonObject().put("title", "Accessible meeting"));
    LocalDate day = LocalDate.now(ZONE).plusDays(2);
    JsonObject event = post(owner, token, "/api/v1/events", new JsonObject().put("title", "Office hours")
        .put("startDate", day.toString()).put("endDate", day.plusDays(2).toString()).put("timeZone", ZONE.getId()));
    ZonedDateTime start = ZonedDateTime.of(day, LocalTime.of(10, 0), ZONE);
    post(owner, token, "/api/v1/events/" + event.getString("id") + "/timeslots", new JsonObject()
        .put("start", start.toInstant().toString()).put("end", start.plusMinutes(30).toInstant().toString()));
    Page other = newPage(scheme);
    String otherId = Accounts.signUp(other.context(), harness.baseUrl, "Bea Booker").getJsonObject("user").getString("id");

    Page guest = newPage(scheme);
    List<BrowserConsole> consoles = List.of(BrowserConsole.watch(owner), BrowserConsole.watch(other), BrowserConsole.watch(guest));
    check(guest, "sign-in", "/#/signin", "signin-submit");
    check(guest, "sign-up", "/#/signup", "signup-submit");
    check(guest, "join page", "/#/join/" + meeting.getString("joinCode"), "join-submit");

    check(owner, "home", "/#/", "welcome");
    check(owner, "meeting page", "/#/meetings/" + meeting.getString("id"), "join-call");
    assertThat(owner.getByTestId("meeting-chat")).hasAttribute("data-ready", "true");
    record(owner, "meeting page with its chat");
    check(owner, "conversations", "/#/conversations", "conversation-open");
    check(owner, "conversation", "/#/conversations/" + otherId, "chat-send");
    check(owner, "people", "/#/people", "people-search");
    check(owner, "profile", "/#/profile", "profile-name");
    check(owner, "scheduling", "/#/events", "event-submit");
    check(owner, "administration", "/#/admin", "admin-link");
    owner.navigate("/#/events/" + event.getString("id"));
    assertThat(owner.locator(".fc-event")).hasCount(1);
    record(owner, "event calendar (owner)");
    other.navigate("/#/events/" + event.getString("id"));
    assertThat(other.locator(".fc-event")).hasCount(1);
    record(other, "event calendar (booker)");

    check(owner, "pre-join", "/#/room/" + meeting.getString("id"), "room-join");
    owner.getByTestId("room-join").click();
    assertThat(owner.getByTestId("leave-room")).isVisible();
    record(owner, "room, alone");
    owner.getByTestId("chat-toggle").click();
    assertThat(owner.getByTestId("room-chat")).hasAttribute("data-ready", "true");
    record(owner, "room with its chat");
    owner.getByTestId("chat-toggle").click();
    other.navigate("/#/join/" + meeting.getString("joinCode"));
    other.getByTestId("join-submit").click();
    other.getByTestId("room-join").click();
    Peers.awaitConnected(owner, 1);
    record(owner, "room, two people");
    record(other, "room, two people (participant)");

    assertThat(violations).as("serious and critical axe-core violations (%s theme)", scheme).isEmpty();
    // The main flows above fail no request and log no error.
    consoles.forEach(BrowserConsole::assertNoFailedRequests);
    consoles.forEach(BrowserConsole::assertClean);
  }

  private static String adminEmail(ColorScheme scheme) {
    return "admin-" + scheme.name().toLowerCase() + "@parley.test";
  }

  private void check(Page page, String name, String path, String readyTestId) {
    page.navigate(path);
    assertThat(page.getByTestId(readyTestId).first()).isAttached();
    assertThat(page.locator("[aria-busy='true']")).hasCount(0);
    record(page, name);
  }

  private void record(Page page, String name) {
    List<String> found = Axe.seriousViolations(page);
    if (!found.isEmpty()) {
      violations.put(name, found);
    }
  }

  private static JsonObject post(Page page, String token, String path, JsonObject body) {
    APIResponse response = page.context().request().post(harness.baseUrl + path, RequestOptions.create()
        .setHeader("Authorization", "Bearer " + token).setData(body.getMap()));
    assertThat(response.status()).as(path + ": " + response.text()).isBetween(200, 299);
    return new JsonObject(response.text());
  }
}
