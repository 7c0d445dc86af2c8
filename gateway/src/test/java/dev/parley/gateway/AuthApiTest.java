package dev.parley.gateway;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
class AuthApiTest {

  private static Vertx vertx;
  private static GatewayHarness harness;
  private static EmbeddedSmtp mail;
  private Http http;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = ParleyVertx.local();
    mail = smtp;
    harness = Http.await(new GatewayHarness(vertx, mongo, redis, smtp).deploy());
  }

  @AfterAll
  static void close() {
    Http.await(vertx.close());
  }

  @BeforeEach
  void client() {
    http = new Http(harness.client());
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("content-type")).isEqualTo("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getString("code")).isEqualTo(code);
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank().doesNotContain("Exception").doesNotContain("at dev.parley");
  }

  @Test
  @DisplayName("Signing up returns an access token that GET /users/me accepts, with the email trimmed and lower-cased")
  void signupThenMe() {
    String email = "  Ada.Lovelace+" + UUID.randomUUID() + "@Parley.TEST ";
    HttpResponse<Buffer> signup = http.post("/api/v1/auth/signup", new JsonObject()
        .put("email", email).put("password", "analytical engine 1843").put("displayName", " Ada "));
    assertThat(signup.statusCode()).as(signup.bodyAsString()).isEqualTo(201);
    JsonObject session = signup.bodyAsJsonObject();
    assertThat(session.getString("refreshToken")).as("cookie transport keeps the token out of the body").isNull();
    assertThat(session.getLong("expiresIn")).isEqualTo(900L);

    HttpResponse<Buffer> me = http.getWithToken("/api/v1/users/me", session.getString("accessToken"));
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.bodyAsJsonObject().getString("email")).isEqualTo(email.strip().toLowerCase());
    assertThat(me.bodyAsJsonObject().getString("displayName")).isEqualTo("Ada");
    assertThat(me.bodyAsJsonObject().containsKey("passwordHash")).isFalse();
  }

  @Test
  @DisplayName("The refresh token arrives in an HttpOnly, SameSite=Strict cookie scoped to the auth paths, and refreshing with it rotates it")
  void refreshCookie() {
    JsonObject account = http.signup("Cookie Person");
    HttpResponse<Buffer> login = http.post("/api/v1/auth/login", new JsonObject()
        .put("email", account.getString("email")).put("password", "correct horse battery staple"));
    assertThat(login.statusCode()).isEqualTo(200);
    String setCookie = cookieNamed(login, "parley_refresh");
    assertThat(cookieNamed(login, "parley_session")).as("the scripts-readable session hint")
        .startsWith("parley_session=1;").doesNotContainIgnoringCase("HttpOnly").contains("Path=/;");
    assertThat(setCookie).startsWith("parley_refresh=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict")
        .contains("Path=/api/v1/auth");
    String cookie = setCookie.split(";")[0];

    HttpResponse<Buffer> refreshed = http.postWithCookie("/api/v1/auth/refresh", cookie, new JsonObject());
    assertThat(refreshed.statusCode()).isEqualTo(200);
    assertThat(refreshed.bodyAsJsonObject().getString("accessToken")).isNotBlank();
    String rotated = cookieNamed(refreshed, "parley_refresh").split(";")[0];
    assertThat(rotated).isNotEqualTo(cookie);

    HttpResponse<Buffer> logout = http.postWithCookie("/api/v1/auth/logout", rotated, new JsonObject());
    assertThat(logout.statusCode()).isEqualTo(204);
    assertThat(cookieNamed(logout, "parley_refresh")).contains("Max-Age=0");
    assertThat(cookieNamed(logout, "parley_session")).as("the hint goes with the session").contains("Max-Age=0");
    HttpResponse<Buffer> stale = http.postWithCookie("/api/v1/auth/refresh", rotated, new JsonObject());
    assertProblem(stale, 401, "unauthorized");
    assertThat(cookieNamed(stale, "parley_session")).as("a refused refresh clears the hint").contains("Max-Age=0");
  }

  private static String cookieNamed(HttpResponse<Buffer> response, String name) {
    return response.cookies().stream().filter(c -> c.startsWith(name + "=")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.cookies()));
  }

  @Test
  @DisplayName("A duplicate email is refused with 409 naming the email field, whatever its case")
  void duplicateEmail() {
    JsonObject account = http.signup("First Owner");
    HttpResponse<Buffer> again = http.post("/api/v1/auth/signup", new JsonObject()
        .put("email", account.getString("email").toUpperCase()).put("password", "another long passphrase").put("displayName", "Second"));
    assertProblem(again, 409, "conflict");
    assertThat(again.bodyAsJsonObject().getString("field")).isEqualTo("email");
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(strings = {"short1", "qwertyuiop", "1234567890", "Password123"})
  @DisplayName("Weak passwords are refused with 400 naming the rule")
  void weakPassword(String password) {
    HttpResponse<Buffer> response = http.post("/api/v1/auth/signup", new JsonObject()
        .put("email", "weak+" + UUID.randomUUID() + "@parley.test").put("password", password).put("displayName", "Weak"));
    assertProblem(response, 400, "weak_password");
    assertThat(response.bodyAsJsonObject().getString("field")).isEqualTo("password");
    assertThat(response.bodyAsJsonObject().getString("detail")).containsAnyOf("at least 10 characters", "too common");
  }

  @Test
  @DisplayName("A wrong password and an unknown email get the same 401 answer")
  void wrongCredentials() {
    JsonObject account = http.signup("Careful Typist");
    HttpResponse<Buffer> wrongPassword = http.post("/api/v1/auth/login", new JsonObject()
        .put("email", account.getString("email")).put("password", "not the right passphrase"));
    HttpResponse<Buffer> unknownEmail = http.post("/api/v1/auth/login", new JsonObject()
        .put("email", "nobody+" + UUID.randomUUID() + "@parley.test").put("password", "not the right passphrase"));
    assertProblem(wrongPassword, 401, "unauthorized");
    assertProblem(unknownEmail, 401, "unauthorized");
    assertThat(wrongPassword.bodyAsJsonObject().getString("detail"))
        .isEqualTo(unknownEmail.bodyAsJsonObject().getString("detail"))
        .isEqualTo("Email or password is incorrect.");
  }

  @Test
  @DisplayName("After 5 failed logins the account answers 429 with Retry-After, even to the right password")
  void accountThrottle() {
    JsonObject account = http.signup("Throttled Person");
    for (int i = 0; i < 5; i++) {
      assertProblem(http.post("/api/v1/auth/login", new JsonObject()
          .put("email", account.getString("email")).put("password", "wrong passphrase " + i)), 401, "unauthorized");
    }
    HttpResponse<Buffer> blocked = http.post("/api/v1/auth/login", new JsonObject()
        .put("email", account.getString("email")).put("password", "correct horse battery staple"));
    assertProblem(blocked, 429, "too_many_requests");
    assertThat(Integer.parseInt(blocked.getHeader("Retry-After"))).isBetween(1, 900);
  }

  @Test
  @DisplayName("One client address is limited to 30 login attempts a minute across accounts")
  void addressThrottle() {
    HttpResponse<Buffer> last = null;
    for (int i = 0; i < 31; i++) {
      last = http.post("/api/v1/auth/login", new JsonObject()
          .put("email", "spray" + i + "+" + UUID.randomUUID() + "@parley.test").put("password", "guess guess guess"));
    }
    assertProblem(last, 429, "too_many_requests");
    assertThat(last.getHeader("Retry-After")).isNotNull();
  }

  @Test
  @DisplayName("Reusing a spent refresh token revokes its whole family")
  void refreshReuse() {
    JsonObject account = http.signup("Token Thief Victim");
    String first = account.getString("refreshToken");
    HttpResponse<Buffer> rotated = http.post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", first));
    assertThat(rotated.statusCode()).isEqualTo(200);
    String second = rotated.bodyAsJsonObject().getString("refreshToken");
    assertThat(second).isNotBlank().isNotEqualTo(first);

    assertProblem(http.post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", first)), 401, "unauthorized");
    assertProblem(http.post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", second)), 401, "unauthorized");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "{\"email\": {\"$gt\": \"\"}, \"password\": \"whatever whatever\"}",
      "{\"email\": \"a@parley.test\", \"password\": {\"$ne\": null}}",
      "{\"email\": {\"$regex\": \".*\"}, \"password\": {\"$exists\": true}}",
      "{\"email\": \"a@parley.test\", \"password\": \"whatever whatever\", \"$where\": \"1 == 1\"}"})
  @DisplayName("Operator-injection login bodies are refused with 400 before any query")
  void operatorInjection(String body) {
    assertProblem(http.postRaw("/api/v1/auth/login", "application/json", Buffer.buffer(body)), 400, "bad_request");
  }

  @Test
  @DisplayName("A wrongly typed field is refused with 400 naming the field")
  void wrongType() {
    HttpResponse<Buffer> response = http.postRaw("/api/v1/auth/signup", "application/json",
        Buffer.buffer("{\"email\": \"x@parley.test\", \"password\": 1234567890123, \"displayName\": \"X\"}"));
    assertProblem(response, 400, "bad_request");
    assertThat(response.bodyAsJsonObject().getString("field")).as(response.bodyAsString()).isEqualTo("password");
  }

  @Test
  @DisplayName("Malformed JSON is refused with 400 problem+json")
  void malformedJson() {
    assertProblem(http.postRaw("/api/v1/auth/login", "application/json", Buffer.buffer("{\"email\": ")), 400, "bad_request");
  }

  @Test
  @DisplayName("A body over the limit is refused with 413 problem+json")
  void oversizedBody() {
    String huge = "x".repeat(70_000);
    assertProblem(http.postRaw("/api/v1/auth/login", "application/json",
        Buffer.buffer(new JsonObject().put("email", huge).put("password", huge).encode())), 413, "payload_too_large");
  }

  @Test
  @DisplayName("An unknown API path answers 404 problem+json")
  void unknownPath() {
    assertProblem(http.get("/api/v1/nothing-here"), 404, "not_found");
  }

  @Test
  @DisplayName("GET /users/me without a token answers 401 with WWW-Authenticate")
  void missingToken() {
    HttpResponse<Buffer> response = http.get("/api/v1/users/me");
    assertProblem(response, 401, "unauthorized");
    assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  @DisplayName("Expired, tampered, alg:none, unknown-kid and wrong-issuer tokens are all refused with 401")
  void forgedTokens() throws Exception {
    JsonObject account = http.signup("Forgery Target");
    String userId = account.getJsonObject("user").getString("id");
    ECKey serverKey = harness.signingKey();
    ECKey strangerKey = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
    Instant now = Instant.now();

    String expired = sign(serverKey, claims(userId, harness.issuer(), now.minusSeconds(3600), now.minusSeconds(600)));
    String wrongIssuer = sign(serverKey, claims(userId, "https://evil.example", now, now.plusSeconds(600)));
    String unknownKid = sign(strangerKey, claims(userId, harness.issuer(), now, now.plusSeconds(600)));
    String valid = account.getString("accessToken");
    String[] parts = valid.split("\\.");
    String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
        claims("someone-else", harness.issuer(), now, now.plusSeconds(600)).toString().getBytes());
    String tampered = parts[0] + "." + otherPayload + "." + parts[2];
    String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes())
        + "." + otherPayload + ".";

    assertThat(http.getWithToken("/api/v1/users/me", valid).statusCode()).isEqualTo(200);
    for (String token : new String[] {expired, wrongIssuer, unknownKid, tampered, none, "not-a-jwt"}) {
      assertProblem(http.getWithToken("/api/v1/users/me", token), 401, "unauthorized");
    }
  }

  private static JWTClaimsSet claims(String subject, String issuer, Instant issued, Instant expires) {
    return new JWTClaimsSet.Builder().subject(subject).issuer(issuer).audience(AccessTokenVerifier.AUDIENCE)
        .issueTime(Date.from(issued)).expirationTime(Date.from(expires)).claim("role", "user").claim("name", "X").build();
  }

  private static String sign(ECKey key, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
        .type(AccessTokenVerifier.TYPE).build(), claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  @Test
  @DisplayName("The JWK Set publishes the public verification key only")
  void jwks() {
    HttpResponse<Buffer> response = http.get("/.well-known/jwks.json");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject key = response.bodyAsJsonObject().getJsonArray("keys").getJsonObject(0);
    assertThat(key.getString("kty")).isEqualTo("EC");
    assertThat(key.getString("kid")).isNotBlank();
    assertThat(key.containsKey("d")).as("no private part").isFalse();
  }

  @Test
  @DisplayName("A password reset mails a single-use link that sets a new password and signs out every session")
  void passwordReset() throws Exception {
    JsonObject account = http.signup("Forgetful Person");
    int before = mail.messages().size();
    assertThat(http.post("/api/v1/auth/password-reset", new JsonObject().put("email", account.getString("email"))).statusCode())
        .isEqualTo(202);
    assertThat(http.post("/api/v1/auth/password-reset", new JsonObject().put("email", "nobody+" + UUID.randomUUID() + "@parley.test"))
        .statusCode()).as("unknown addresses get the same answer").isEqualTo(202);
    assertThat(mail.awaitMessages(before + 1, 10_000)).isTrue();
    MimeMessage message = mail.messages().stream()
        .filter(m -> recipient(m).equals(account.getString("email"))).findFirst().orElseThrow();
    Matcher link = Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(message.getContent().toString().contains("token=")
        ? message.getContent().toString() : body(message));
    assertThat(link.find()).isTrue();
    String token = link.group(1);

    assertThat(http.post("/api/v1/auth/password-reset/confirm", new JsonObject()
        .put("token", token).put("password", "a brand new passphrase")).statusCode()).isEqualTo(204);
    assertProblem(http.post("/api/v1/auth/password-reset/confirm", new JsonObject()
        .put("token", token).put("password", "yet another passphrase")), 400, "bad_request");
    assertProblem(http.post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", account.getString("refreshToken"))),
        401, "unauthorized");
    assertThat(http.post("/api/v1/auth/login", new JsonObject()
        .put("email", account.getString("email")).put("password", "a brand new passphrase")).statusCode()).isEqualTo(200);
  }

  private static String recipient(MimeMessage message) {
    try {
      return message.getAllRecipients()[0].toString();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String body(MimeMessage message) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    message.writeTo(out);
    return out.toString();
  }

  @Test
  @DisplayName("Every response carries the security headers")
  void securityHeaders() {
    for (String path : new String[] {"/", "/api/v1/users/me", "/health/live"}) {
      HttpResponse<Buffer> response = http.get(path);
      assertThat(response.getHeader("Content-Security-Policy")).contains("frame-ancestors 'none'").contains("script-src 'self'");
      assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(response.getHeader("X-Request-Id")).isNotBlank();
    }
  }

  @Test
  @DisplayName("Health, readiness, metrics and the OpenAPI document are served")
  void operations() {
    assertThat(http.get("/health/live").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> ready = http.get("/health/ready");
    assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
    assertThat(ready.bodyAsString()).contains("mongo").contains("redis").contains("cluster").contains("\"auth\"");
    assertThat(http.get("/metrics").bodyAsString()).contains("vertx_http_server");
    JsonObject openapi = http.get("/api/openapi.json").bodyAsJsonObject();
    assertThat(openapi.getString("openapi")).isEqualTo("3.1.0");
    assertThat(openapi.getJsonObject("paths").fieldNames()).contains("/auth/signup", "/users/me");
  }
}
