package dev.parley.e2e;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** Inviting from the meeting page, and the standalone's captured-mail page showing an invitation (HTML in a sandboxed frame, its .ics to download). */
@DisplayName("Invitations in the browser, and the dev mailbox that shows their mails")
class BrowserInvitationTest {

  private static final double TIMEOUT_MS = 30_000;

  @TempDir
  static Path dataDir;

  private static BrowserHarness harness;
  private BrowserContext context;

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
  void closeContext() {
    if (context != null) {
      context.close();
    }
  }

  @Test
  @DisplayName("An invitation mail appears with its HTML rendered in a sandboxed frame, its text, and invite.ics to download")
  void invitationInMailbox() throws Exception {
    Chromium.assumeInstalled();
    context = harness.browser.newContext(new Browser.NewContextOptions().setBaseURL(harness.baseUrl).setAcceptDownloads(true));
    context.setDefaultTimeout(TIMEOUT_MS);
    Page page = context.newPage();
    String token = Accounts.signUp(context, harness.baseUrl, "Hana Host").getString("accessToken");
    APIResponse created = context.request().post(harness.baseUrl + "/api/v1/meetings", RequestOptions.create()
        .setHeader("Authorization", "Bearer " + token)
        .setData(new JsonObject().put("title", "Mailbox check").put("startsAt", "2030-05-01T09:30:00Z").getMap()));
    String meetingId = new JsonObject(created.text()).getString("id");
    String invitee = "invitee+" + UUID.randomUUID() + "@parley.test";
    int before = harness.parley.smtp().messages().size(); // the other test's mails share the server
    APIResponse invited = context.request().post(harness.baseUrl + "/api/v1/meetings/" + meetingId + "/invitations",
        RequestOptions.create().setHeader("Authorization", "Bearer " + token)
            .setData(java.util.Map.of("emails", java.util.List.of(invitee))));
    assertThat(invited.status()).as(invited.text()).isEqualTo(202);
    assertThat(harness.parley.smtp().awaitMessages(before + 1, 15_000)).isTrue();

    page.navigate("http://127.0.0.1:" + harness.parley.mailboxPort() + "/");
    Locator mail = page.locator("article").filter(new Locator.FilterOptions().setHasText(invitee));
    assertThat(mail.locator("h2")).hasText("Hana Host invited you: Mailbox check");
    assertThat(mail.locator("iframe")).hasAttribute("sandbox", "allow-popups allow-popups-to-escape-sandbox");
    assertThat(mail.frameLocator("iframe").getByText("Join the meeting")).isVisible();
    assertThat(mail.locator("pre")).containsText("Join the meeting: http");

    Download download = page.waitForDownload(() -> mail.getByText("invite.ics").click());
    String ics = Files.readString(download.path());
    assertThat(ics).startsWith("BEGIN:VCALENDAR").contains("METHOD:REQUEST");
  }

  @Test
  @DisplayName("A host invites an address from the meeting page and sees the invitation listed as sent")
  void inviteFromMeetingPage() {
    Chromium.assumeInstalled();
    context = harness.browser.newContext(new Browser.NewContextOptions().setBaseURL(harness.baseUrl));
    context.setDefaultTimeout(TIMEOUT_MS);
    Page page = context.newPage();
    String token = Accounts.signUp(context, harness.baseUrl, "Hana Host").getString("accessToken");
    APIResponse created = context.request().post(harness.baseUrl + "/api/v1/meetings", RequestOptions.create()
        .setHeader("Authorization", "Bearer " + token).setData(new JsonObject().put("title", "Page invite").getMap()));
    String meetingId = new JsonObject(created.text()).getString("id");
    String invitee = "page+" + UUID.randomUUID() + "@parley.test";

    page.navigate("/#/meetings/" + meetingId);
    page.getByTestId("invite-emails").fill(invitee + ", not-an-address");
    page.getByTestId("invite-submit").click();
    assertThat(page.locator("#invite-emails-error")).containsText("\"not-an-address\" is not a valid email address.");
    page.getByTestId("invite-emails").fill(invitee);
    page.getByTestId("invite-message").fill("See you there");
    page.getByTestId("invite-submit").click();
    assertThat(page.getByTestId("invite-done")).hasText("Invited 1 person.");
    Locator listed = page.getByTestId("invitation").filter(new Locator.FilterOptions().setHasText(invitee));
    assertThat(listed).isVisible();
    // The panel reads the list again while a mail is on its way.
    assertThat(listed.locator("[data-status]")).hasAttribute("data-status", "sent");
  }
}
