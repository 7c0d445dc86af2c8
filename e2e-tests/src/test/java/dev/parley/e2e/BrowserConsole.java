package dev.parley.e2e;

import com.microsoft.playwright.ConsoleMessage;
import com.microsoft.playwright.Page;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records what went wrong inside a page: console errors (which include Content-Security-Policy
 * violations, reported by Chromium as "Refused to …") and uncaught exceptions.
 *
 * <p>One kind of console error is expected and not recorded: Chromium's own "Failed to load
 * resource" line for an API call the server answered with a 4xx, such as the 401 of the session
 * check on a signed-out visit or the 409 of a taken email. The page handles those answers; a 5xx
 * or a failed script, style or image is still recorded.
 */
final class BrowserConsole {

  private static final Pattern HANDLED_API_REJECTION =
      Pattern.compile("^Failed to load resource: the server responded with a status of 4\\d\\d\\b.*");

  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final List<String> failedRequests = new CopyOnWriteArrayList<>();

  private BrowserConsole() {
  }

  /** Starts recording the page's console errors and uncaught exceptions. */
  static BrowserConsole watch(Page page) {
    BrowserConsole console = new BrowserConsole();
    page.onConsoleMessage(console::consoleMessage);
    page.onPageError(error -> console.problems.add("uncaught: " + error));
    page.onResponse(response -> {
      if (response.status() >= 400) {
        console.failedRequests.add(response.request().method() + " " + response.url() + " -> " + response.status());
      }
    });
    page.onRequestFailed(request -> {
      // A request the page itself abandoned (a navigation, a closed socket) is not a failure.
      if (!String.valueOf(request.failure()).contains("ERR_ABORTED")) {
        console.failedRequests.add(request.method() + " " + request.url() + " failed: " + request.failure());
      }
    });
    return console;
  }

  private void consoleMessage(ConsoleMessage message) {
    if (!"error".equals(message.type())) {
      return;
    }
    boolean handledApiRejection = HANDLED_API_REJECTION.matcher(message.text()).matches()
        && message.location().contains("/api/v1/");
    if (!handledApiRejection) {
      problems.add(message.text() + " (at " + message.location() + ")");
    }
  }

  /** Fails when a request of the page was answered with 4xx or 5xx or failed, even one the page handled. */
  void assertNoFailedRequests() {
    assertThat(failedRequests).as("requests answered with 4xx/5xx or failed").isEmpty();
  }

  /** Fails when the page logged an error or threw. */
  void assertClean() {
    assertThat(problems).as("console errors, CSP violations and uncaught exceptions in the page").isEmpty();
  }
}
