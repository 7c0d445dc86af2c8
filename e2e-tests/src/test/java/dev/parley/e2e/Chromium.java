package dev.parley.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The system Chromium, driven by Playwright (DESIGN §2, §7). Playwright never downloads a browser
 * here: {@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1} is passed to its driver, and the executable comes
 * from {@code CHROMIUM_PATH} or {@code /usr/bin/chromium}.
 */
final class Chromium {

  /** Environment variable naming the Chromium executable; {@value #DEFAULT_PATH} when unset. */
  static final String PATH_VARIABLE = "CHROMIUM_PATH";
  static final String DEFAULT_PATH = "/usr/bin/chromium";

  private static final List<String> ARGS = List.of(
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream");

  private Chromium() {
  }

  /** @return the configured Chromium executable, which may not exist */
  static Path executable() {
    String configured = System.getenv(PATH_VARIABLE);
    return Path.of(configured == null || configured.isBlank() ? DEFAULT_PATH : configured.trim());
  }

  /** @return whether the configured Chromium executable exists */
  static boolean isInstalled() {
    return Files.isExecutable(executable());
  }

  /**
   * Skips the calling test when Chromium is not installed, saying how to install it. Call it from
   * {@code @BeforeEach} so that every test is reported as skipped with that message.
   */
  static void assumeInstalled() {
    Assumptions.assumeTrue(isInstalled(), () -> "No Chromium at " + executable()
        + ": install it with `apt-get install -y chromium`, or set " + PATH_VARIABLE + " to its executable");
  }

  /** @return a Playwright whose driver will not try to download browsers */
  static Playwright playwright() {
    return Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
  }

  /** @return a headless Chromium with fake camera and microphone, granted without a prompt */
  static Browser launch(Playwright playwright) {
    return playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(executable())
        .setHeadless(true)
        .setArgs(ARGS));
  }
}
