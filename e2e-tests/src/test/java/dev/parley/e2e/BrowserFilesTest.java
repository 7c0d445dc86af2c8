package dev.parley.e2e;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.JSHandle;
import com.microsoft.playwright.Page;
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
 * Files on a meeting's page in real Chromium through a standalone Parley: a host drops a PDF on the
 * page, sees its upload's progress bar, and a member finds it listed and downloads identical bytes.
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
