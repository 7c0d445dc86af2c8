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
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event calendar as a booker sees it: opened at the first slot (here late in the evening), only
 * the event's days, and slot labels in the viewer's locale (12 h with am/pm, or 24 h) that are never cut.
 */
@DisplayName("Event calendar in the viewer's locale")
class BrowserCalendarTest {

  private static final double TIMEOUT_MS = 20_000;
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

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

  private Page newPage(String locale) {
    Chromium.assumeInstalled();
    BrowserContext context = harness.browser.newContext(new Browser.NewContextOptions().setBaseURL(harness.baseUrl)
        .setViewportSize(1280, 800).setLocale(locale).setTimezoneId(BERLIN.getId()));
    context.setDefaultTimeout(TIMEOUT_MS);
    contexts.add(context);
    return context.newPage();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"en-US, '9:00.?PM', '9:30.?PM'", "de-DE, '21:00', '21:30'"})
  @DisplayName("A 21:00 slot shows without scrolling, labelled with both times in the locale's format, on only the event's three days")
  void lateSlot(String locale, String startPattern, String endPattern) {
    Page owner = newPage(locale);
    String token = Accounts.signUp(owner.context(), harness.baseUrl, "Olga Owner").getString("accessToken");
    LocalDate day = LocalDate.now(BERLIN).plusDays(2);
    JsonObject event = post(owner, token, "/api/v1/events", new JsonObject().put("title", "Evening office hours")
        .put("startDate", day.toString()).put("endDate", day.plusDays(2).toString()).put("timeZone", BERLIN.getId()));
    ZonedDateTime start = ZonedDateTime.of(day, LocalTime.of(21, 0), BERLIN);
    post(owner, token, "/api/v1/events/" + event.getString("id") + "/timeslots", new JsonObject()
        .put("start", start.toInstant().toString()).put("end", start.plusMinutes(30).toInstant().toString()));

    Page booker = newPage(locale);
    BrowserConsole console = BrowserConsole.watch(booker);
    Accounts.signUp(booker.context(), harness.baseUrl, "Bea Booker");
    booker.navigate("/#/events/" + event.getString("id"));

    Locator slot = booker.locator(".fc-event");
    assertThat(slot).hasCount(1);
    assertThat(slot).isInViewport(new LocatorAssertions.IsInViewportOptions().setRatio(1));
    Locator label = slot.getByTestId("slot-time");
    assertThat(label).hasText(Pattern.compile(startPattern + ".+" + endPattern));
    assertThat(label).isInViewport(new LocatorAssertions.IsInViewportOptions().setRatio(1));
    assertThat((Boolean) label.evaluate("e => e.scrollWidth <= e.clientWidth"
        + " && e.getBoundingClientRect().right <= e.closest('.fc-event').getBoundingClientRect().right + 0.5"
        + " && e.getBoundingClientRect().bottom <= e.closest('.fc-event').getBoundingClientRect().bottom + 0.5"))
        .as("the label fits inside its slot").isTrue();
    assertThat(booker.locator(".fc-col-header-cell")).hasCount(3);
    assertThat(booker.locator(".fc-timegrid-slot-label").first()).hasText(Pattern.compile(
        locale.startsWith("en") ? "12:00.?AM" : "00:00"));
    console.assertClean();
  }

  @org.junit.jupiter.api.Test
  @DisplayName("Deleting a booked slot asks first, naming the booker; Cancel keeps it, a second yes deletes it")
  void deleteBookedSlotAsksFirst() {
    Page owner = newPage("en-US");
    BrowserConsole console = BrowserConsole.watch(owner);
    String token = Accounts.signUp(owner.context(), harness.baseUrl, "Olga Owner").getString("accessToken");
    LocalDate day = LocalDate.now(BERLIN).plusDays(2);
    JsonObject event = post(owner, token, "/api/v1/events", new JsonObject().put("title", "Consultations")
        .put("startDate", day.toString()).put("endDate", day.toString()).put("timeZone", BERLIN.getId()));
    ZonedDateTime start = ZonedDateTime.of(day, LocalTime.of(10, 0), BERLIN);
    String slotId = post(owner, token, "/api/v1/events/" + event.getString("id") + "/timeslots", new JsonObject()
        .put("start", start.toInstant().toString()).put("end", start.plusMinutes(30).toInstant().toString()))
        .getJsonArray("items").getJsonObject(0).getString("id");
    Page booker = newPage("en-US");
    String bookerToken = Accounts.signUp(booker.context(), harness.baseUrl, "Bea Booker").getString("accessToken");
    post(booker, bookerToken, "/api/v1/events/" + event.getString("id") + "/timeslots/" + slotId + "/booking", new JsonObject());

    owner.navigate("/#/events/" + event.getString("id") + "?slot=" + slotId);
    assertThat(owner.getByTestId("slot-status")).hasText("Booked by Bea Booker");
    // The booker's name opens her card.
    owner.getByTestId("slot-status").getByTestId("person-card-open").click();
    assertThat(owner.getByTestId("person-card")).containsText("Bea Booker");
    assertThat(owner.getByTestId("person-card-call")).isVisible();
    owner.getByTestId("person-card-close").click();
    owner.getByTestId("slot-delete").click();
    assertThat(owner.locator("#slot-delete-question")).containsText("Bea Booker");
    owner.getByTestId("slot-delete-cancel").click();
    assertThat(owner.locator(".fc-event")).hasCount(1);
    owner.getByTestId("slot-delete").click();
    owner.getByTestId("slot-delete-confirm").click();
    assertThat(owner.locator(".fc-event")).hasCount(0);
    console.assertClean();
  }

  private static JsonObject post(Page page, String token, String path, JsonObject body) {
    APIResponse response = page.context().request().post(harness.baseUrl + path, RequestOptions.create()
        .setHeader("Authorization", "Bearer " + token).setData(body.getMap()));
    assertThat(response.status()).as(path + ": " + response.text()).isBetween(200, 299);
    return new JsonObject(response.text());
  }
}
