package dev.parley.gateway;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.common.ParleyVertx;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.jwt.AccessTokenVerifier;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-input findings of issue 13 on REST, each as the behaviour that must hold: every request is
 * answered, with problem+json for every failure and never a 5xx. Requests go through a raw socket so
 * that nothing on the client side escapes or limits them.
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
class RestHardeningTest {

  private static Vertx vertx;
  private static GatewayHarness harness;
  private static String token;
  private static String otherUserId;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = ParleyVertx.local();
    harness = Http.await(new GatewayHarness(vertx, mongo, redis, smtp).deploy());
    Http http = new Http(harness.client());
    token = http.signup("Hostile Tester").getString("accessToken");
    otherUserId = http.signup("Other Person").getJsonObject("user").getString("id");
  }

  @AfterAll
  static void close() {
    Http.await(vertx.close());
  }

  private static RawHttp.Answer get(String target, String bearer) throws Exception {
    return RawHttp.send(harness.port(), "GET " + target + " HTTP/1.1" + (bearer == null ? "" : "\r\nAuthorization: Bearer " + bearer),
        new byte[0]);
  }

  private static RawHttp.Answer post(String target, String contentType, byte[] body) throws Exception {
    return RawHttp.send(harness.port(), "POST " + target + " HTTP/1.1\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: " + contentType, body);
  }

  private static void assertProblem(RawHttp.Answer answer, int status) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.header("content-type")).isEqualTo("application/problem+json");
    JsonObject problem = answer.json();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("code")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank().doesNotContain("Exception");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "/api/v1/meetings?page=2147483648", "/api/v1/meetings?page=9223372036854775808", "/api/v1/meetings?page=100001",
      "/api/v1/meetings?size=101", "/api/v1/meetings?page=1.5", "/api/v1/meetings?page=abc",
      "/api/v1/events?page=2147483648", "/api/v1/events?size=9223372036854775808",
      "/api/v1/bookings?page=2147483648", "/api/v1/bookings?page=-1"})
  @DisplayName("Out-of-range and non-integer page values get 400 naming the parameter, never 500")
  void outOfRangeQueryValues(String target) throws Exception {
    RawHttp.Answer answer = get(target, token);
    assertProblem(answer, 400);
    String parameter = target.substring(target.indexOf('?') + 1, target.indexOf('='));
    assertThat(answer.json().getString("detail")).contains(parameter);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/api/v1/meetings?page=1e3", "/api/v1/meetings?size=1.0", "/api/v1/meetings?page=%201",
      "/api/v1/events?page=1e3", "/api/v1/bookings?size=1.0"})
  @DisplayName("Integer values JSON spells differently (1e3, 1.0, a leading space) are read as the integers they are")
  void integerSpellings(String target) throws Exception {
    RawHttp.Answer answer = get(target, token);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"before=1e3", "before=%201", "before=9223372036854775808", "limit=%201", "limit=1000",
      "before=0", "before=abc"})
  @DisplayName("Conversation history with odd before/limit values is answered (200 or 400 problem), never left hanging")
  void conversationHistoryAlwaysAnswers(String query) throws Exception {
    RawHttp.Answer answer = get("/api/v1/conversations/" + otherUserId + "/messages?" + query, token);
    if (answer.status() != 200) {
      assertProblem(answer, 400);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"before=1e3", "before=9223372036854775808", "limit=%201", "limit=0"})
  @DisplayName("Meeting history with odd before/limit values is answered with 200, 400 or 404, never 500")
  void meetingHistoryAlwaysAnswers(String query) throws Exception {
    RawHttp.Answer answer = get("/api/v1/meetings/no-such-meeting/messages?" + query, token);
    assertThat(answer.status()).as(answer.body()).isIn(200, 400, 404);
    assertThat(answer.header("content-type")).startsWith("application/");
  }

  @Test
  @DisplayName("A correctly signed access token without a role claim gets 401, not 500")
  void tokenWithoutRole() throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(harness.issuer()).subject(otherUserId)
        .audience(AccessTokenVerifier.AUDIENCE).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
        .claim("name", "No Role").build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(harness.signingKey().getKeyID())
        .type(AccessTokenVerifier.TYPE).build(), claims);
    jwt.sign(new ECDSASigner(harness.signingKey()));
    assertProblem(get("/api/v1/users/me", jwt.serialize()), 401);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/api/v1/meetings/%zz", "/api/v1/meetings/%", "/api/v1/%c0%af", "/api/v1/meetings/%E2%82"})
  @DisplayName("A malformed percent-escape in the path gets a 400 problem")
  void malformedEscapes(String target) throws Exception {
    RawHttp.Answer answer = get(target, token);
    assertThat(answer.status()).as(answer.body()).isIn(400, 404);
    assertProblem(answer, answer.status());
  }

  @Test
  @DisplayName("A request line over the server's limit gets a 414 problem and a header over its limit a 431 problem")
  void oversizeRequestLineAndHeader() throws Exception {
    assertProblem(get("/api/v1/meetings?q=" + "a".repeat(5_000), token), 414);
    RawHttp.Answer header = RawHttp.send(harness.port(), "GET /api/v1/meetings HTTP/1.1\r\nX-Big: " + "b".repeat(9_000),
        new byte[0]);
    assertProblem(header, 431);
  }

  @Test
  @DisplayName("JSON bodies with comments, duplicate names, a byte-order mark or in UTF-16 are refused with 400 and create nothing")
  void strictJsonBodies() throws Exception {
    String title = "Strict " + System.nanoTime();
    byte[][] bodies = {
        ("{\"title\": \"" + title + "\" /* comment */}").getBytes(StandardCharsets.UTF_8),
        ("{\"title\": \"" + title + "\", // comment\n \"description\": \"x\"}").getBytes(StandardCharsets.UTF_8),
        ("{\"title\": \"" + title + "\", \"title\": \"other\"}").getBytes(StandardCharsets.UTF_8),
        ("\uFEFF{\"title\": \"" + title + "\"}").getBytes(StandardCharsets.UTF_8),
        ("{\"title\": \"" + title + "\"}").getBytes(StandardCharsets.UTF_16LE),
        ("{\"title\": \"" + title + "\"}").getBytes(StandardCharsets.UTF_16),
        ("{\"title\": \"" + title + "\"} {}").getBytes(StandardCharsets.UTF_8)};
    for (byte[] body : bodies) {
      assertProblem(post("/api/v1/meetings", "application/json", body), 400);
    }
    RawHttp.Answer list = get("/api/v1/meetings?size=100", token);
    assertThat(list.body()).doesNotContain(title);
    assertThat(post("/api/v1/meetings", "application/json", ("{\"title\": \"" + title + "\"}").getBytes(StandardCharsets.UTF_8))
        .status()).isEqualTo(201);
  }
}
