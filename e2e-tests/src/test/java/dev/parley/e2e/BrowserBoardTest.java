package dev.parley.e2e;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whiteboard in real Chromium through a standalone Parley: people in a call draw at the same
 * time and end with identical boards (element lists and pixels), a late joiner and a reconnecting
 * client too; the plotter draws through removable holes and breaks at poles; text stays text.
 */
@DisplayName("Whiteboard in the browser")
class BrowserBoardTest {

  private static final double TIMEOUT_MS = 30_000;
  private static final String BOARD = "[data-testid=board]";

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
        .setViewportSize(1280, 900));
    context.setDefaultTimeout(TIMEOUT_MS);
    contexts.add(context);
    Page page = context.newPage();
    JsonObject session = Accounts.signUp(context, harness.baseUrl, displayName);
    return new Person(page, session.getString("accessToken"));
  }

  private static String meeting(Person host, Person... members) {
    APIResponse created = host.page().context().request().post(harness.baseUrl + "/api/v1/meetings", RequestOptions.create()
        .setHeader("Authorization", "Bearer " + host.token()).setData(new JsonObject().put("title", "Maths lesson").getMap()));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    JsonObject meeting = new JsonObject(created.text());
    for (Person member : members) {
      APIResponse joined = member.page().context().request().post(harness.baseUrl + "/api/v1/meetings/join/" + meeting.getString("joinCode"),
          RequestOptions.create().setHeader("Authorization", "Bearer " + member.token()));
      assertThat(joined.status()).as(joined.text()).isEqualTo(200);
    }
    return meeting.getString("id");
  }

  /** Enters the call and opens the board; waits until it is loaded. */
  private static void openBoard(Person person, String meetingId) {
    Page page = person.page();
    page.navigate("/#/meetings/" + meetingId);
    page.getByTestId("join-call").click();
    page.getByTestId("room-join").click();
    page.getByTestId("board-toggle").click();
    assertThat(page.locator(BOARD)).hasAttribute("data-seq", java.util.regex.Pattern.compile("\\d+"),
        new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(60_000));
  }

  private static void drag(Page page, double[][] points) {
    BoundingBox box = page.getByTestId("board-canvas").boundingBox();
    assertThat(box.height).as("the canvas is tall enough for the strokes").isGreaterThan(245);
    page.mouse().move(box.x + points[0][0], box.y + points[0][1]);
    page.mouse().down();
    for (double[] p : points) {
      page.mouse().move(box.x + p[0], box.y + p[1], new com.microsoft.playwright.Mouse.MoveOptions().setSteps(4));
    }
    page.mouse().up();
  }

  private static void tool(Page page, String tool) {
    page.getByTestId("board-tool-" + tool).click();
  }

  private static String serialized(Page page) {
    return (String) page.evaluate("() => document.querySelector('" + BOARD + "').boardModel.serialize()");
  }

  private static String pixels(Page page) {
    return (String) page.evaluate("""
        () => {
          const canvas = document.createElement('canvas');
          canvas.width = 1000;
          canvas.height = 700;
          document.querySelector('[data-testid=board]').boardRender(canvas);
          return canvas.toDataURL();
        }""");
  }

  private static long seq(Page page) {
    return Long.parseLong(page.locator(BOARD).getAttribute("data-seq"));
  }

  /** Waits until every page has applied the same number of ops, then compares their boards. */
  private static void assertIdentical(List<Person> people, long atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      List<Long> seqs = people.stream().map(p -> seq(p.page())).toList();
      if (seqs.stream().distinct().count() == 1 && seqs.get(0) >= atLeast) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Boards did not reach the same seq: " + seqs);
      }
      Thread.sleep(50);
    }
    String board = serialized(people.get(0).page());
    String image = pixels(people.get(0).page());
    for (Person person : people.subList(1, people.size())) {
      assertThat(serialized(person.page())).isEqualTo(board);
      assertThat(pixels(person.page())).as("rendered pixels").isEqualTo(image);
    }
  }

  @Test
  @DisplayName("Three people draw, move one element together and erase at once; all boards end identical, a late joiner's and a reconnected one's too")
  void convergence() throws Exception {
    Person tutor = signUp("Tutor");
    Person ann = signUp("Ann");
    Person ben = signUp("Ben");
    Person late = signUp("Late");
    String meetingId = meeting(tutor, ann, ben, late);
    List<Person> three = List.of(tutor, ann, ben);
    for (Person person : three) {
      openBoard(person, meetingId);
    }

    tool(tutor.page(), "rect");
    drag(tutor.page(), new double[][] {{100, 100}, {220, 180}});
    assertIdentical(three, 1);
    tool(ann.page(), "pen");
    tool(ben.page(), "ellipse");
    tool(tutor.page(), "arrow");
    for (int i = 0; i < 3; i++) {
      drag(ann.page(), new double[][] {{300 + i * 20, 60}, {340 + i * 20, 120}, {380 + i * 20, 80}});
      drag(ben.page(), new double[][] {{500, 40 + i * 40}, {560, 70 + i * 40}});
      drag(tutor.page(), new double[][] {{100, 200 + i * 15}, {250, 210 + i * 15}});
    }
    tool(ann.page(), "select");
    tool(ben.page(), "select");
    // Both grab the rectangle where it is before and after the other's move, and move it at once.
    drag(ann.page(), new double[][] {{180, 160}, {230, 200}});
    drag(ben.page(), new double[][] {{180, 160}, {130, 230}});
    tool(tutor.page(), "eraser");
    drag(tutor.page(), new double[][] {{530, 55}, {531, 56}});
    for (Person person : three) {
      tool(person.page(), "pen");
    }
    assertIdentical(three, 13);

    ben.page().evaluate("() => document.querySelector('" + BOARD + "').boardSync.connection.socket.close()");
    drag(tutor.page(), new double[][] {{650, 150}, {700, 200}});
    drag(ann.page(), new double[][] {{650, 60}, {700, 20}});
    // The late joiner opens the board from the meeting page (a fourth video call is more than this
    // test needs): the same board.sync from nothing.
    late.page().navigate("/#/meetings/" + meetingId);
    late.page().getByTestId("meeting-board-open").click();
    assertThat(late.page().locator(BOARD)).hasAttribute("data-seq", java.util.regex.Pattern.compile("\\d+"));
    assertIdentical(List.of(tutor, ann, ben, late), 15);
  }

  @Test
  @DisplayName("Plotter: sin(x)/x is drawn through x = 0, 1/x and tan(x) break at their poles, a syntax error is named and places nothing")
  void plotter() throws Exception {
    Person tutor = signUp("Tutor");
    String meetingId = meeting(tutor);
    openBoard(tutor, meetingId);
    Page page = tutor.page();
    @SuppressWarnings("unchecked")
    Map<String, Object> shapes = (Map<String, Object>) page.evaluate("""
        async () => {
          const { loadMath, buildPlot } = await import('/board/plot.js');
          const math = await loadMath();
          const plot = (expr, domain, range) => buildPlot(math, { functions: [{ expr, color: '#1971c2' }], domain, range }).curves;
          const spans = (curves) => curves.map((c) => [c.points[0], c.points[c.points.length - 2]]);
          const sinc = plot('y = sin(x)/x', [-20, 20], [-1, 1.5]);
          const inverse = plot('1/x', [-5, 5], [-5, 5]);
          const tan = plot('tan(x)', [-5, 5], [-5, 5]);
          return { sinc: spans(sinc), inverse: spans(inverse), tan: tan.length,
                   crossesZero: inverse.some((c) => c.points.some((v, i) => i % 2 === 0 && v < 0) && c.points.some((v, i) => i % 2 === 0 && v > 0)) };
        }""");
    assertThat((List<?>) shapes.get("sinc")).as("one unbroken curve").hasSize(1);
    assertThat((List<?>) shapes.get("inverse")).as("two branches").hasSize(2);
    assertThat(shapes.get("crossesZero")).as("no line joins the branches of 1/x").isEqualTo(false);
    assertThat(((Number) shapes.get("tan")).intValue()).as("tan(x) on [-5, 5] breaks at its 4 asymptotes").isEqualTo(5);

    page.getByTestId("board-plot").click();
    page.getByTestId("plot-functions").fill("y = 2 +* x");
    page.getByTestId("plot-place").click();
    assertThat(page.getByTestId("plot-error")).containsText("at character 9");
    assertThat(page.locator(BOARD)).hasAttribute("data-seq", "0");

    page.getByTestId("plot-functions").fill("y = sin(x)/x");
    page.getByTestId("plot-place").click();
    assertThat(page.locator(BOARD)).hasAttribute("data-seq", "1");
  }

  @Test
  @DisplayName("Text holding markup is drawn as text: no element is made from it and no script runs")
  void textStaysText() {
    Person tutor = signUp("Tutor");
    String meetingId = meeting(tutor);
    openBoard(tutor, meetingId);
    Page page = tutor.page();
    List<String> dialogs = new CopyOnWriteArrayList<>();
    page.onDialog(dialog -> {
      dialogs.add(dialog.message());
      dialog.dismiss();
    });
    tool(page, "text");
    BoundingBox box = page.getByTestId("board-canvas").boundingBox();
    page.mouse().click(box.x + 200, box.y + 200);
    page.getByTestId("board-text-input").fill("<img src=x onerror=alert(1)><script>alert(2)</script>");
    page.getByTestId("board-text-add").click();

    assertThat(page.locator(BOARD)).hasAttribute("data-seq", "1");
    Locator injected = page.locator("[data-testid=board] img, [data-testid=board] script");
    assertThat(injected).hasCount(0);
    assertThat(serialized(page)).contains("<img src=x onerror=alert(1)>");
    assertThat(dialogs).isEmpty();
  }
}
