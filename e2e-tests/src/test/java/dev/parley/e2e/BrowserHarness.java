package dev.parley.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.parley.common.config.ParleyConfig;
import dev.parley.standalone.Standalone;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Parley on a random loopback port (data in the given directory, no dev mailbox) and a
 * headless system Chromium driven by Playwright, for the browser tests of one class.
 */
final class BrowserHarness implements AutoCloseable {

  final Standalone parley;
  final String baseUrl;
  final Playwright playwright;
  final Browser browser;

  private BrowserHarness(Standalone parley, Playwright playwright, Browser browser) {
    this.parley = parley;
    this.baseUrl = "http://127.0.0.1:" + parley.port();
    this.playwright = playwright;
    this.browser = browser;
  }

  /**
   * @param assertionTimeoutMs the default timeout of Playwright's assertions
   * @return the running harness, or {@code null} when Chromium is not installed (the tests then skip
   *     themselves with {@link Chromium#assumeInstalled()})
   */
  static BrowserHarness start(Path dataDir, double assertionTimeoutMs) throws Exception {
    return start(dataDir, assertionTimeoutMs, new JsonObject());
  }

  /** @param settings further {@code PARLEY_*} settings, e.g. the session policy */
  static BrowserHarness start(Path dataDir, double assertionTimeoutMs, JsonObject settings) throws Exception {
    if (!Chromium.isInstalled()) {
      return null;
    }
    Standalone parley = Standalone.start(settings.copy()
            .put(ParleyConfig.DATA_DIR, dataDir.toString())
            .put(ParleyConfig.HTTP_HOST, "127.0.0.1")
            .put(ParleyConfig.HTTP_PORT, 0)
            .put(Standalone.DEV_MAIL_PORT, 0) // a free port: the dev mailbox test reads it
            // Unanswered direct calls ring out sooner than in production, to keep the browser tests short.
            .put(ParleyConfig.CALL_RING_S, 6))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    PlaywrightAssertions.setDefaultAssertionTimeout(assertionTimeoutMs);
    Playwright playwright = Chromium.playwright();
    return new BrowserHarness(parley, playwright, Chromium.launch(playwright));
  }

  @Override
  public void close() {
    playwright.close();
    parley.close();
  }
}
