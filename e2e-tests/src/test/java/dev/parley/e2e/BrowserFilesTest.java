package dev.parley.e2e;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.JSHandle;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files in real Chromium through a standalone Parley: a host drops a PDF on the meeting page, sees its
 * upload's progress bar, and a member finds it listed and downloads identical bytes; during a call a
 * host and a guest share files in the call's chat panel (dropped, attached, a pasted image) and each
 * downloads the other's identical bytes, and after the call the files are on the meeting page.
 */
@DisplayName("Files in the browser")
class BrowserFilesTest {

  private static final double TIMEOUT_MS = 30_000;
  /** A small but well-formed PDF, with a long comment so that the upload takes more than one chunk. */
  private static final String PDF = "%PDF-1.4\n%" + "worksheet ".repeat(40_000) + "\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
      + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

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

  private record Person(Page page, String token) {
  }

  private Person signUp(String displayName) {
    Chromium.assumeInstalled();
    BrowserContext context = harness.browser.newContext(new Browser.NewContextOptions().setBaseURL(harness.baseUrl)
        .setAcceptDownloads(true));
    context.setDefaultTimeout(TIMEOUT_MS);
    contexts.add(context);
    JsonObject session = Accounts.signUp(context, harness.baseUrl, displayName);
    return new Person(context.newPage(), session.getString("accessToken"));
  }

  @Test
  @DisplayName("A host drops a PDF on the meeting page with a visible progress bar; a member sees it listed and downloads identical bytes")
  void dropAndDownload() throws Exception {
    Person ada = signUp("Ada");
    Person bob = signUp("Bob");
    String meetingId = meeting(ada, bob);
    ada.page().navigate("/#/meetings/" + meetingId);
    assertThat(ada.page().getByTestId("file-list")).containsText("No files yet.");
    ada.page().evaluate("() => { window.sawProgress = false; new MutationObserver(() => {"
        + " if (document.querySelector('[data-testid=upload-progress]')) window.sawProgress = true; })"
        + ".observe(document.body, { childList: true, subtree: true }); }");

    JSHandle transfer = ada.page().evaluateHandle("text => { const data = new DataTransfer();"
        + " data.items.add(new File([text], 'Worksheet 3.pdf', { type: 'application/pdf' })); return data; }", PDF);
    ada.page().getByTestId("file-drop").dispatchEvent("drop", Map.of("dataTransfer", transfer));

    assertThat(ada.page().getByTestId("file-name")).hasText("Worksheet 3.pdf");
    assertThat(ada.page().evaluate("() => window.sawProgress")).isEqualTo(true);
    bob.page().navigate("/#/meetings/" + meetingId);
    assertThat(bob.page().getByTestId("file-name")).hasText("Worksheet 3.pdf");
    assertThat(bob.page().getByTestId("file-row")).containsText("Ada");
    Download download = bob.page().waitForDownload(() -> bob.page().getByTestId("file-download").click());
    assertThat(download.suggestedFilename()).isEqualTo("Worksheet 3.pdf");
    assertThat(Files.readAllBytes(download.path())).isEqualTo(PDF.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("In a call, a host drops a PDF and a guest attaches a file and pastes an image in the chat panel; the others download identical bytes; after the call the host and a member find them on the meeting page; deleting a message deletes its file")
  void shareInCall() throws Exception {
    Person ada = signUp("Ada");
    APIResponse created = ada.page().context().request().post(harness.baseUrl + "/api/v1/meetings", RequestOptions.create()
        .setHeader("Authorization", "Bearer " + ada.token()).setData(new JsonObject().put("title", "Lesson").getMap()));
    JsonObject meeting = new JsonObject(created.text());
    Page host = ada.page();
    host.navigate("/#/room/" + meeting.getString("id"));
    host.getByTestId("room-join").click();
    BrowserContext guestContext = harness.browser.newContext(new Browser.NewContextOptions().setBaseURL(harness.baseUrl)
        .setAcceptDownloads(true));
    guestContext.setDefaultTimeout(TIMEOUT_MS);
    contexts.add(guestContext);
    Page guest = guestContext.newPage();
    guest.navigate("/#/join/" + meeting.getString("joinCode"));
    guest.getByTestId("join-name").fill("Gus Guest");
    guest.getByTestId("join-submit").click();
    guest.getByTestId("room-join").click();
    Person bob = signUp("Bob");
    APIResponse joined = bob.page().context().request().post(harness.baseUrl + "/api/v1/meetings/join/" + meeting.getString("joinCode"),
        RequestOptions.create().setHeader("Authorization", "Bearer " + bob.token()));
    assertThat(joined.status()).as(joined.text()).isEqualTo(200);
    Page member = bob.page();
    member.navigate("/#/room/" + meeting.getString("id"));
    member.getByTestId("room-join").click();
    Peers.awaitConnected(host, 2);
    for (Page page : List.of(host, guest, member)) {
      page.getByTestId("chat-toggle").click();
      assertThat(page.getByTestId("room-chat")).hasAttribute("data-ready", "true");
    }

    // The host drops a PDF on the chat panel and sees its progress; the guest downloads it.
    host.evaluate("() => { window.sawProgress = false; new MutationObserver(() => {"
        + " if (document.querySelector('[data-testid=room-chat] [data-testid=upload-progress]')) window.sawProgress = true; })"
        + ".observe(document.body, { childList: true, subtree: true }); }");
    JSHandle transfer = host.evaluateHandle("text => { const data = new DataTransfer();"
        + " data.items.add(new File([text], 'Worksheet 4.pdf', { type: 'application/pdf' })); return data; }", PDF);
    host.getByTestId("room-chat").dispatchEvent("drop", Map.of("dataTransfer", transfer));
    Locator guestFiles = guest.getByTestId("room-chat-messages").getByTestId("chat-file");
    assertThat(guestFiles.getByTestId("chat-file-name")).hasText("Worksheet 4.pdf");
    assertThat(host.evaluate("() => window.sawProgress")).isEqualTo(true);
    Download pdf = guest.waitForDownload(() -> guestFiles.getByTestId("chat-file-download").click());
    assertThat(pdf.suggestedFilename()).isEqualTo("Worksheet 4.pdf");
    assertThat(Files.readAllBytes(pdf.path())).isEqualTo(PDF.getBytes(StandardCharsets.UTF_8));
    Download memberPdf = member.waitForDownload(() -> member.getByTestId("room-chat-messages").getByTestId("chat-file-download").click());
    assertThat(Files.readAllBytes(memberPdf.path())).isEqualTo(PDF.getBytes(StandardCharsets.UTF_8));

    // The guest attaches a file; the host downloads identical bytes.
    byte[] answers = "x = 3\ny = 4\n".repeat(20_000).getBytes(StandardCharsets.UTF_8);
    guest.getByTestId("room-chat-file-input").setInputFiles(new FilePayload("Answers.txt", "text/plain", answers));
    Locator hostFiles = host.getByTestId("room-chat-messages").getByTestId("chat-file");
    assertThat(hostFiles).hasCount(2);
    assertThat(hostFiles.last().getByTestId("chat-file-name")).hasText("Answers.txt");
    Download text = host.waitForDownload(() -> hostFiles.last().getByTestId("chat-file-download").click());
    assertThat(Files.readAllBytes(text.path())).isEqualTo(answers);

    // The guest pastes an image into the message box; the host sees its thumbnail.
    guest.evaluate("async () => { const canvas = document.createElement('canvas'); canvas.width = 40; canvas.height = 30;"
        + " const pen = canvas.getContext('2d'); pen.fillStyle = '#c03'; pen.fillRect(0, 0, 40, 30);"
        + " const blob = await new Promise(done => canvas.toBlob(done, 'image/png'));"
        + " const data = new DataTransfer(); data.items.add(new File([blob], 'image.png', { type: 'image/png' }));"
        + " document.querySelector('[data-testid=room-chat-input]').dispatchEvent("
        + "new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })); }");
    assertThat(hostFiles).hasCount(3);
    assertThat(hostFiles.last().getByTestId("chat-file-name")).containsText("Pasted image");
    Poll.until("the pasted image's thumbnail to load", java.time.Duration.ofSeconds(30), () -> ((Number) host.evaluate(
        "() => [...document.querySelectorAll('[data-testid=room-chat] [data-testid=chat-file-thumb]')]"
            + ".filter(img => img.complete && img.naturalWidth === 40).length")).intValue() == 1, () -> "no thumbnail");

    // After the call, both signed-in people find the files on the meeting page, in its list and its chat.
    for (Page page : List.of(host, member)) {
      page.getByTestId("leave-room").click();
      page.navigate("/#/meetings/" + meeting.getString("id"));
      assertThat(page.getByTestId("file-name")).hasCount(3);
      assertThat(page.getByTestId("meeting-chat-messages").getByTestId("chat-file")).hasCount(3);
    }

    // Deleting the PDF's message deletes the file: gone from the list without a reload, and from the guest's chat.
    Locator pdfMessage = host.getByTestId("meeting-chat-messages").getByTestId("chat-message")
        .filter(new Locator.FilterOptions().setHasText("Worksheet 4.pdf"));
    pdfMessage.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
    pdfMessage.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete the message and the file?")).click();
    assertThat(host.getByTestId("file-name")).hasCount(2);
    assertThat(guestFiles).hasCount(2);
  }

  @Test
  @DisplayName("In a direct conversation, one person attaches a file and the other downloads identical bytes from its message")
  void shareInConversation() throws Exception {
    Person ada = signUp("Ada");
    Person bob = signUp("Bob");
    String bobId = new JsonObject(ada.page().context().request().get(harness.baseUrl + "/api/v1/users/me", RequestOptions.create()
        .setHeader("Authorization", "Bearer " + bob.token())).text()).getString("id");
    String adaId = new JsonObject(ada.page().context().request().get(harness.baseUrl + "/api/v1/users/me", RequestOptions.create()
        .setHeader("Authorization", "Bearer " + ada.token())).text()).getString("id");
    ada.page().navigate("/#/conversations/" + bobId);
    assertThat(ada.page().getByTestId("chat")).hasAttribute("data-ready", "true");
    byte[] notes = "Chapter 3: limits and continuity\n".repeat(5_000).getBytes(StandardCharsets.UTF_8);

    ada.page().getByTestId("chat-file-input").setInputFiles(new FilePayload("Notes.txt", "text/plain", notes));

    assertThat(ada.page().getByTestId("chat-file-name")).hasText("Notes.txt");
    bob.page().navigate("/#/conversations/" + adaId);
    assertThat(bob.page().getByTestId("chat-file-name")).hasText("Notes.txt");
    Download download = bob.page().waitForDownload(() -> bob.page().getByTestId("chat-file-download").click());
    assertThat(download.suggestedFilename()).isEqualTo("Notes.txt");
    assertThat(Files.readAllBytes(download.path())).isEqualTo(notes);
  }

  /** @return the id of a meeting hosted by {@code host} that {@code member} joined by its code */
  private static String meeting(Person host, Person member) {
    APIResponse created = host.page().context().request().post(harness.baseUrl + "/api/v1/meetings", RequestOptions.create()
        .setHeader("Authorization", "Bearer " + host.token()).setData(new JsonObject().put("title", "Worksheets").getMap()));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    JsonObject meeting = new JsonObject(created.text());
    APIResponse joined = member.page().context().request().post(harness.baseUrl + "/api/v1/meetings/join/" + meeting.getString("joinCode"),
        RequestOptions.create().setHeader("Authorization", "Bearer " + member.token()));
    assertThat(joined.status()).as(joined.text()).isEqualTo(200);
    return meeting.getString("id");
  }
}
