package dev.parley.e2e;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.RequestOptions;
import io.vertx.core.json.JsonObject;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduling in two browsers against a standalone Parley: an owner in Berlin publishes slots on the
 * calendar, a booker in New York books one, the owner's open calendar shows it without a reload, and
 * both mailboxes get the confirmation with a calendar invitation.
 */
@DisplayName("Scheduling in the browser")
class BrowserSchedulingTest {

  private static final double TIMEOUT_MS = 20_000;
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @TempDir
  static Path dataDir;

  private static BrowserHarness harness;
  private final List<BrowserContext> contexts = new ArrayList<>();
  private final List<BrowserConsole> consoles = new ArrayList<>();

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

  /** A page in a context with its own time zone, signed up (through the API) as a new account. */
  private record Person(Page page, String email, String name) {
  }

  private Person signedUp(String name, String timeZone) {
    Chromium.assumeInstalled();
    BrowserContext context = harness.browser.newContext(new Browser.NewContextOptions()
        .setBaseURL(harness.baseUrl).setTimezoneId(timeZone).setViewportSize(1400, 1000));
    context.setDefaultTimeout(TIMEOUT_MS);
    contexts.add(context);
    Page page = context.newPage();
    consoles.add(BrowserConsole.watch(page));
    String email = Accounts.signUp(context, harness.baseUrl, name).getJsonObject("user").getString("email");
    return new Person(page, email, name);
  }

  @Test
  @DisplayName("The owner publishes slots, a second user books one, the owner sees it live, and both get the invitation")
  void publishBookSeeLiveAndMail() throws Exception {
    LocalDate day = LocalDate.now(BERLIN).plusDays(3);
    Person owner = signedUp("Olga Owner", "Europe/Berlin");
    Person booker = signedUp("Bea Booker", "America/New_York");

    // The owner creates an event from the scheduling page.
    Page ownerPage = owner.page();
    ownerPage.navigate("/#/events");
    ownerPage.getByTestId("event-title").fill("Office hours");
    ownerPage.getByTestId("event-start").fill(day.toString());
    ownerPage.getByTestId("event-end").fill(day.plusDays(6).toString());
    ownerPage.getByTestId("event-zone").fill("Europe/Berlin");
    ownerPage.getByTestId("event-submit").click();
    assertThat(ownerPage.getByTestId("event-title")).hasText("Office hours");
    assertThat(ownerPage.getByTestId("calendar")).hasAttribute("data-live", "true");
    String eventUrl = ownerPage.getByTestId("event-url").textContent();

    // One slot by dragging across 10:00 to 11:00 on the day, and a series of two by the form.
    dragSelect(ownerPage, day, "10:00:00", "10:30:00");
    assertThat(ownerPage.locator(".fc-event", new Page.LocatorOptions().setHasText("Open"))).hasCount(1);
    ownerPage.getByTestId("series-first").fill(day.toString());
    ownerPage.getByTestId("series-last").fill(day.toString());
    ownerPage.getByTestId("series-from").fill("14:00");
    ownerPage.getByTestId("series-to").fill("15:00");
    ownerPage.getByTestId("series-minutes").fill("30");
    // The series shows on the calendar before it is saved: 14:00 and 14:30 on the day.
    assertThat(ownerPage.locator(".fc-event.slot-preview")).hasCount(2);
    ownerPage.getByTestId("series-submit").click();
    assertThat(ownerPage.locator(".fc-event", new Page.LocatorOptions().setHasText("Open"))).hasCount(3);
    assertThat(ownerPage.locator(".fc-event.slot-preview")).hasCount(0);

    // The booker opens the shared link (in New York time) and books the 10:00 Berlin slot.
    Page bookerPage = booker.page();
    bookerPage.navigate(eventUrl.substring(eventUrl.indexOf("/#/")));
    assertThat(bookerPage.getByTestId("calendar")).hasAttribute("data-live", "true");
    Locator open = bookerPage.locator(".fc-event", new Page.LocatorOptions().setHasText("Open"));
    assertThat(open).hasCount(3);
    String earliest = ZonedDateTime.of(day, LocalTime.of(10, 0), BERLIN).toInstant().toString();
    bookerPage.locator(".fc-event.slot-open").first().click();
    assertThat(bookerPage.getByTestId("slot-status")).hasText("Open");
    bookerPage.getByTestId("slot-book").click();
    assertThat(bookerPage.getByTestId("slot-status")).hasText("Booked by you");
    assertThat(bookerPage.getByTestId("join-later")).isVisible();

    // The owner's open calendar shows the booking with the booker's name, without a reload.
    assertThat(ownerPage.locator(".fc-event", new Page.LocatorOptions().setHasText("Booked: Bea Booker"))).hasCount(1);
    assertThat(ownerPage.locator(".fc-event", new Page.LocatorOptions().setHasText("Open"))).hasCount(2);

    // Both mailboxes get the confirmation; its invitation parses back to the slot's start and end.
    Instant start = Instant.parse(earliest);
    for (Person person : List.of(owner, booker)) {
      MimeMessage mail = awaitMail(person.email(), "Booked: Office hours");
      Calendar invitation = new CalendarBuilder().build(new StringReader(calendarPart(mail)));
      assertThat(invitation.getProperty("METHOD").orElseThrow().getValue()).isEqualTo("REQUEST");
      VEvent entry = (VEvent) invitation.getComponent("VEVENT").orElseThrow();
      assertThat(Instant.from(entry.getStartDate().orElseThrow().getDate())).isEqualTo(start);
      assertThat(Instant.from(entry.getEndDate().orElseThrow().getDate())).isEqualTo(start.plus(Duration.ofHours(1)));
    }
    consoles.forEach(BrowserConsole::assertClean);
  }

  @Test
  @DisplayName("Inside the window, owner and booker open the slot's call from the calendar with \"Join call\"")
  void joinCallInsideWindow() throws Exception {
    Person owner = signedUp("Olga Owner", "Europe/Berlin");
    Person booker = signedUp("Bea Booker", "Europe/Berlin");
    LocalDate today = LocalDate.now(BERLIN);
    JsonObject event = api(owner, "POST", "/api/v1/events", new JsonObject().put("title", "Quick chat")
        .put("startDate", today.toString()).put("endDate", today.plusDays(1).toString()).put("timeZone", "Europe/Berlin"));
    String eventId = event.getString("id");
    // Starts in three minutes: the call is open already (from 10 minutes before the start).
    Instant start = Instant.now().plusSeconds(180).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String slotId = api(owner, "POST", "/api/v1/events/" + eventId + "/timeslots", new JsonObject()
        .put("start", start.toString()).put("end", start.plusSeconds(1800).toString()))
        .getJsonArray("items").getJsonObject(0).getString("id");
    api(booker, "POST", "/api/v1/events/" + eventId + "/timeslots/" + slotId + "/booking", null);

    String meetingId = null;
    for (Person person : List.of(owner, booker)) {
      // Each follows the link in their confirmation mail, which selects the slot and shows its week.
      String text = partText(awaitMail(person.email(), "Booked: Quick chat"), "text/plain");
      String link = text.lines().filter(line -> line.contains("/#/events/")).findFirst().orElseThrow().strip();
      assertThat(link).contains("/#/events/" + eventId + "?slot=" + slotId + "&at=" + start);
      Page page = person.page();
      page.navigate(link.substring(link.indexOf("/#/")));
      page.getByTestId("slot-join").click();
      page.waitForURL(java.util.regex.Pattern.compile(".*#/room/[^/?]+.*"));
      String room = page.url().replaceFirst(".*#/room/", "").replaceFirst("\\?.*", "");
      if (meetingId == null) {
        meetingId = room;
      }
      assertThat(room).as("both enter the same call").isEqualTo(meetingId);
      assertThat(page.getByTestId("room-join")).isVisible();
    }
    consoles.forEach(BrowserConsole::assertClean);
  }

  /** Calls the REST API in the person's browser context (its session cookie gives an access token). */
  private static JsonObject api(Person person, String method, String path, JsonObject body) {
    APIResponse refreshed = person.page().context().request().post(harness.baseUrl + "/api/v1/auth/refresh",
        RequestOptions.create().setData(new JsonObject().getMap()));
    assertThat(refreshed.status()).as(refreshed.text()).isEqualTo(200);
    String token = new JsonObject(refreshed.text()).getString("accessToken");
    RequestOptions options = RequestOptions.create().setMethod(method).setHeader("Authorization", "Bearer " + token);
    if (body != null) {
      options.setData(body.getMap());
    }
    APIResponse response = person.page().context().request().fetch(harness.baseUrl + path, options);
    assertThat(response.status()).as(method + " " + path + ": " + response.text()).isBetween(200, 299);
    return response.text().isEmpty() ? new JsonObject() : new JsonObject(response.text());
  }

  /** Drags in the week view's column of {@code day} from the row of {@code from} to the row of {@code to} (inclusive). */
  private static void dragSelect(Page page, LocalDate day, String from, String to) {
    Locator column = page.locator("td.fc-timegrid-col[data-date='" + day + "']");
    Locator first = page.locator("td.fc-timegrid-slot-lane[data-time='" + from + "']");
    Locator last = page.locator("td.fc-timegrid-slot-lane[data-time='" + to + "']");
    first.scrollIntoViewIfNeeded();
    BoundingBox columnBox = column.boundingBox();
    BoundingBox firstBox = first.boundingBox();
    BoundingBox lastBox = last.boundingBox();
    double x = columnBox.x + columnBox.width / 2;
    page.mouse().move(x, firstBox.y + firstBox.height / 2);
    page.mouse().down();
    page.mouse().move(x, (firstBox.y + lastBox.y) / 2 + firstBox.height / 2, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
    page.mouse().move(x, lastBox.y + lastBox.height / 2, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
    page.mouse().up();
  }

  private static MimeMessage awaitMail(String to, String subjectStart) throws Exception {
    MimeMessage[] found = new MimeMessage[1];
    Poll.until("a mail '" + subjectStart + "' to " + to, Duration.ofSeconds(20), () -> {
      for (MimeMessage message : harness.parley.smtp().messages()) {
        try {
          var recipients = message.getRecipients(Message.RecipientType.TO);
          if (recipients != null && recipients[0].toString().contains(to) && message.getSubject().startsWith(subjectStart)) {
            found[0] = message;
            return true;
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      return false;
    }, () -> harness.parley.smtp().messages().size() + " message(s) captured");
    return found[0];
  }

  private static String calendarPart(Part part) throws Exception {
    return partText(part, "text/calendar");
  }

  /** @return the text of the first part of this content type, or {@code null} */
  private static String partText(Part part, String type) throws Exception {
    Object content = part.getContent();
    if (content instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        String found = partText(child, type);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    if (!part.getContentType().toLowerCase().startsWith(type)) {
      return null;
    }
    return content instanceof String text ? text : new String(((InputStream) content).readAllBytes(), StandardCharsets.UTF_8);
  }
}
