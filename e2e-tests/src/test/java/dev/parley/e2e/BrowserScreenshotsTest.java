package dev.parley.e2e;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Takes the README's pictures from the real app: the meetings page, a two-person call, an event's
 * calendar and a conversation, on a laptop, and the call on a phone. Runs only when asked, with the
 * target directory in {@value #DIRECTORY_PROPERTY}:
 *
 * <pre>./mvnw -B -pl e2e-tests -am -Dtest=BrowserScreenshotsTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dparley.screenshots=$PWD/docs/screenshots test</pre>
 */
@DisplayName("README screenshots")
class BrowserScreenshotsTest {

  static final String DIRECTORY_PROPERTY = "parley.screenshots";
  private static final double TIMEOUT_MS = 30_000;
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

  @TempDir
  static Path dataDir;

  private static BrowserHarness harness;
  private final List<BrowserContext> contexts = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    if (System.getProperty(DIRECTORY_PROPERTY) != null) {
      harness = BrowserHarness.start(dataDir, TIMEOUT_MS);
    }
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
    BrowserContext context = harness.browser.newContext(new Browser.NewContextOptions().setBaseURL(harness.baseUrl)
        .setViewportSize(width, height).setLocale("en-US").setTimezoneId(ZONE.getId()).setDeviceScaleFactor(1));
    context.setDefaultTimeout(TIMEOUT_MS);
    contexts.add(context);
    return context.newPage();
  }

  @Test
  @DisplayName("Meetings, call (laptop and phone), calendar and chat pictures are written to the given directory")
  void takeScreenshots() throws Exception {
    String target = System.getProperty(DIRECTORY_PROPERTY);
    Assumptions.assumeTrue(target != null, "set -D" + DIRECTORY_PROPERTY + "=<directory> to take the README's pictures");
    Chromium.assumeInstalled();
    Path directory = Files.createDirectories(Path.of(target));

    Page ada = newPage(1280, 800);
    JsonObject account = Accounts.signUp(ada.context(), harness.baseUrl, "Ada Lovelace");
    String token = account.getString("accessToken");
    for (String title : List.of("Design review", "Weekly planning", "Customer call: Acme")) {
      post(ada, token, "/api/v1/meetings", new JsonObject().put("title", title));
    }
    JsonObject standup = post(ada, token, "/api/v1/meetings", new JsonObject().put("title", "Team stand-up"));
    ada.navigate("/#/");
    assertThat(ada.getByTestId("meeting-item")).hasCount(4);
    shoot(ada, directory, "meetings.png");

    // A two-person call: the other fills the stage, one's own picture is in the corner.
    ada.navigate("/#/room/" + standup.getString("id"));
    ada.getByTestId("room-join").click();
    Page bob = newPage(390, 844);
    Accounts.signUp(bob.context(), harness.baseUrl, "Bob Babbage");
    bob.navigate("/#/join/" + standup.getString("joinCode"));
    bob.getByTestId("join-submit").click();
    bob.getByTestId("room-join").click();
    Peers.awaitConnected(ada, 1);
    Peers.awaitVideoFlowing(ada);
    Peers.awaitVideoFlowing(bob);
    shoot(ada, directory, "call.png");
    shoot(bob, directory, "call-phone.png");
    ada.getByTestId("chat-toggle").click();
    ada.getByTestId("room-chat-input").fill("Morning! The build is green again.");
    ada.getByTestId("room-chat-send").click();
    bob.getByTestId("chat-toggle").click();
    bob.getByTestId("room-chat-input").fill("Great, I'll ship the release notes after this.");
    bob.getByTestId("room-chat-send").click();
    assertThat(ada.getByTestId("room-chat-messages").getByTestId("chat-text")).hasCount(2);
    shoot(ada, directory, "call-chat.png");
    ada.getByTestId("leave-room").click();
    ada.getByTestId("leave-only").click();

    // An event with a few slots, one booked, as its owner sees it.
    LocalDate day = LocalDate.now(ZONE).plusDays(1);
    while (day.getDayOfWeek().getValue() > 5) {
      day = day.plusDays(1);
    }
    JsonObject event = post(ada, token, "/api/v1/events", new JsonObject().put("title", "Office hours")
        .put("description", "Bring your questions about Parley.")
        .put("startDate", day.toString()).put("endDate", day.plusDays(2).toString()).put("timeZone", ZONE.getId()));
    for (int d = 0; d < 3; d++) {
      for (int hour : List.of(9, 10, 14)) {
        ZonedDateTime start = ZonedDateTime.of(day.plusDays(d), LocalTime.of(hour, 0), ZONE);
        post(ada, token, "/api/v1/events/" + event.getString("id") + "/timeslots", new JsonObject()
            .put("start", start.toInstant().toString()).put("end", start.plusMinutes(45).toInstant().toString()));
      }
    }
    ada.navigate("/#/events/" + event.getString("id"));
    assertThat(ada.locator(".fc-event")).hasCount(9);
    shoot(ada, directory, "calendar.png");
  }

  private static void shoot(Page page, Path directory, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(directory.resolve(name)));
  }

  private static JsonObject post(Page page, String token, String path, JsonObject body) {
    APIResponse response = page.context().request().post(harness.baseUrl + path, RequestOptions.create()
        .setHeader("Authorization", "Bearer " + token).setData(body.getMap()));
    assertThat(response.status()).as(path + ": " + response.text()).isBetween(200, 299);
    return new JsonObject(response.text());
  }
}
