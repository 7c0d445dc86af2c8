package dev.parley.gateway;

import dev.parley.common.ParleyVertx;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14, item 6: a guest's browser keeps a pass for the meeting, so a removed guest stays removed. */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Guest passes")
class GuestPassTest {

  private static Vertx vertx;
  private static GatewayHarness harness;
  private static Http http;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = ParleyVertx.local();
    harness = Http.await(new GatewayHarness(vertx, mongo, redis, smtp).deploy());
    http = new Http(harness.client());
  }

  @AfterAll
  static void close() {
    Http.await(vertx.close());
  }

  /** @return the {@code name=value} of the guest-pass cookie the response sets, asserting its attributes */
  private static String passCookie(HttpResponse<Buffer> response, String joinCode) {
    String header = response.cookies().stream().filter(c -> c.startsWith("parley_guest=")).findFirst()
        .orElseThrow(() -> new AssertionError("no guest-pass cookie in " + response.headers()));
    assertThat(header).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict")
        .contains("Path=/api/v1/meetings/join/" + joinCode).contains("Max-Age=2592000");
    return header.substring(0, header.indexOf(';'));
  }

  private static HttpResponse<Buffer> live(String joinCode, String cookie) {
    return Http.await(harness.client().get("/api/v1/meetings/join/" + joinCode + "/live").putHeader("cookie", cookie).send());
  }

  @Test
  @DisplayName("A guest comes back as the same guest with the same name; once removed, no name gets them back from that browser")
  void removedGuestsStayRemoved() {
    JsonObject host = http.signup("Hana Host");
    JsonObject meeting = http.postWithToken("/api/v1/meetings", host.getString("accessToken"), new JsonObject().put("title", "Office hours"))
        .bodyAsJsonObject();
    String code = meeting.getString("joinCode");
    String join = "/api/v1/meetings/join/" + code;

    HttpResponse<Buffer> first = http.post(join, new JsonObject().put("displayName", "Gina Guest"));
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    assertThat(first.bodyAsJsonObject().containsKey("guestPass")).as("the pass goes only into the cookie").isFalse();
    String guestId = first.bodyAsJsonObject().getString("participantId");
    String cookie = passCookie(first, code);

    HttpResponse<Buffer> reload = http.postWithCookie(join, cookie, new JsonObject());
    assertThat(reload.statusCode()).as("no name needed: " + reload.bodyAsString()).isEqualTo(200);
    assertThat(reload.bodyAsJsonObject().getString("participantId")).isEqualTo(guestId);
    assertThat(live(code, cookie).bodyAsJsonObject().getJsonObject("guest"))
        .isEqualTo(new JsonObject().put("displayName", "Gina Guest").put("removed", false));
    assertThat(http.postWithCookie(join, cookie, new JsonObject().put("displayName", "Someone Else")).bodyAsJsonObject()
        .getString("participantId")).as("another name, the same guest").isEqualTo(guestId);

    assertThat(http.deleteWithToken("/api/v1/meetings/" + meeting.getString("id") + "/participants/" + guestId,
        host.getString("accessToken")).statusCode()).isEqualTo(204);

    HttpResponse<Buffer> back = http.postWithCookie(join, cookie, new JsonObject().put("displayName", "Totally New Name"));
    assertThat(back.statusCode()).isEqualTo(403);
    assertThat(back.bodyAsJsonObject().getString("detail")).isEqualTo("You were removed from this meeting.");
    assertThat(live(code, cookie).bodyAsJsonObject().getJsonObject("guest").getBoolean("removed")).isTrue();

    HttpResponse<Buffer> elsewhere = http.post(join, new JsonObject().put("displayName", "Gina Guest"));
    assertThat(elsewhere.statusCode()).as("another browser is another guest (hosts turn the lobby on for that)").isEqualTo(200);
    assertThat(elsewhere.bodyAsJsonObject().getString("participantId")).isNotEqualTo(guestId);
  }

  @Test
  @DisplayName("A pass that does not verify is ignored and cleared; a pass of another meeting makes nobody a guest here")
  void foreignAndForgedPasses() {
    String token = http.signup("Olga Owner").getString("accessToken");
    String codeA = http.postWithToken("/api/v1/meetings", token, new JsonObject().put("title", "A")).bodyAsJsonObject().getString("joinCode");
    String codeB = http.postWithToken("/api/v1/meetings", token, new JsonObject().put("title", "B")).bodyAsJsonObject().getString("joinCode");
    String cookieA = passCookie(http.post("/api/v1/meetings/join/" + codeA, new JsonObject().put("displayName", "Ari")), codeA);

    HttpResponse<Buffer> forged = http.postWithCookie("/api/v1/meetings/join/" + codeA, "parley_guest=eyJhbGciOiJub25lIn0.e30.", new JsonObject());
    assertThat(forged.statusCode()).as("an anonymous join without a name").isEqualTo(400);
    assertThat(forged.cookies()).anySatisfy(c -> assertThat(c).startsWith("parley_guest=;").contains("Max-Age=0"));

    HttpResponse<Buffer> onB = http.postWithCookie("/api/v1/meetings/join/" + codeB, cookieA, new JsonObject());
    assertThat(onB.statusCode()).as("meeting A's guest is nobody on B: a name is needed").isEqualTo(400);
    assertThat(live(codeB, cookieA).bodyAsJsonObject().containsKey("guest")).isFalse();
  }
}
