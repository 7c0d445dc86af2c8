package dev.parley.auth;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.auth.AuthService;
import dev.parley.api.auth.Session;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.common.testing.TestConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import dev.parley.common.jwt.AccessTokenVerifier;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The auth service over the event bus, as another JVM service would call it. */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
class AuthServiceTest {

  private static Vertx vertx;
  private static AuthService auth;
  private static String issuer;
  private static final Caller ANONYMOUS = Caller.anonymous("test", "192.0.2.1");

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = Vertx.vertx();
    io.vertx.core.json.JsonObject config = TestConfig.forStores(mongo, redis, smtp);
    issuer = dev.parley.common.config.ParleyConfig.of(config).jwtIssuer();
    await(vertx.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(config)));
    auth = AuthService.createProxy(vertx);
  }

  @AfterAll
  static void close() throws Exception {
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static Session signup() throws Exception {
    return await(auth.signup("racer+" + UUID.randomUUID() + "@parley.test", "a long enough passphrase", "Racer", ANONYMOUS));
  }

  @Test
  @DisplayName("Ten concurrent refreshes with one token are a reuse: at most one gets a session, and then no token of the family works")
  void concurrentRefresh() throws Exception {
    Session session = signup();
    List<Future<Session>> attempts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      attempts.add(auth.refresh(session.getRefreshToken(), ANONYMOUS));
    }
    await(Future.join(attempts).otherwiseEmpty());
    List<Session> winners = attempts.stream().filter(Future::succeeded).map(Future::result).toList();
    assertThat(winners).hasSizeLessThanOrEqualTo(1);
    assertThat(attempts.stream().filter(Future::failed).map(f -> ErrorCode.of(((ServiceException) f.cause()).failureCode())))
        .hasSizeGreaterThanOrEqualTo(9)
        .containsOnly(ErrorCode.UNAUTHORIZED);
    for (Session winner : winners) {
      Future<Session> afterReuse = auth.refresh(winner.getRefreshToken(), ANONYMOUS);
      await(afterReuse.otherwiseEmpty());
      assertThat(afterReuse.failed()).as("a token issued into the family is revoked with it").isTrue();
    }
    Future<Session> original = auth.refresh(session.getRefreshToken(), ANONYMOUS);
    await(original.otherwiseEmpty());
    assertThat(original.failed()).isTrue();
  }

  @Test
  @DisplayName("Services look up accounts by id: email and display name of those that exist, unknown ids left out")
  void profilesById() throws Exception {
    Session first = signup();
    Session second = signup();

    JsonObject found = await(auth.profiles(List.of(first.getUser().getId(), second.getUser().getId(), "no-such-id"), ANONYMOUS));

    assertThat(found.getJsonArray("items").stream().map(JsonObject.class::cast).toList())
        .extracting(user -> user.getString("id"), user -> user.getString("email"), user -> user.getString("displayName"))
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(first.getUser().getId(), first.getUser().getEmail(), first.getUser().getDisplayName()),
            org.assertj.core.groups.Tuple.tuple(second.getUser().getId(), second.getUser().getEmail(), second.getUser().getDisplayName()));
    assertThat(found.encode()).doesNotContain("passwordHash");
  }

  @Test
  @DisplayName("Guests and anonymous callers cannot read an account")
  void meNeedsAnAccount() throws Exception {
    Future<?> guest = auth.me(new Caller().setUserId("g1").setRole(Caller.ROLE_GUEST).setMeetingId("m1"));
    Future<?> anonymous = auth.me(ANONYMOUS);
    await(Future.join(guest, anonymous).otherwiseEmpty());
    assertThat(ErrorCode.of(((ServiceException) guest.cause()).failureCode())).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(ErrorCode.of(((ServiceException) anonymous.cause()).failureCode())).isEqualTo(ErrorCode.UNAUTHORIZED);
  }

  @Test
  @DisplayName("Invalid sign-up input is refused with the field named and nothing stored")
  void invalidSignup() throws Exception {
    String email = "invalid+" + UUID.randomUUID() + "@parley.test";
    Future<Session> noName = auth.signup(email, "a long enough passphrase", "   ", ANONYMOUS);
    Future<Session> controlChars = auth.signup(email, "a long enough passphrase", "Bad\u0007Name", ANONYMOUS);
    await(Future.join(noName, controlChars).otherwiseEmpty());
    for (Future<Session> refused : List.of(noName, controlChars)) {
      ServiceException e = (ServiceException) refused.cause();
      assertThat(ErrorCode.of(e.failureCode())).isEqualTo(ErrorCode.BAD_REQUEST);
      assertThat(e.getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo("displayName");
    }
    assertThat(await(auth.signup(email, "a long enough passphrase", "Fine Name", ANONYMOUS)).getUser().getEmail()).isEqualTo(email);
  }

  @Test
  @DisplayName("Guest tokens are room-scoped: the verifier reads role guest, the meeting and the name")
  void guestToken() throws Exception {
    JsonObject issued = await(auth.issueGuestToken("meeting-42", "  Visiting Vera ", null, ANONYMOUS));
    AccessTokenVerifier verifier = new AccessTokenVerifier(issuer, auth::jwks, java.time.Clock.systemUTC());
    Caller guest = await(verifier.verify(issued.getString("token")));
    assertThat(guest.getRole()).isEqualTo(Caller.ROLE_GUEST);
    assertThat(guest.getMeetingId()).isEqualTo("meeting-42");
    assertThat(guest.getDisplayName()).isEqualTo("Visiting Vera");
    assertThat(guest.getUserId()).isEqualTo(issued.getString("guestId")).startsWith("guest-");
    assertThat(guest.isAccount()).isFalse();

    Future<JsonObject> nameless = auth.issueGuestToken("meeting-42", " ", null, ANONYMOUS);
    await(nameless.otherwiseEmpty());
    assertThat(((ServiceException) nameless.cause()).getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo("displayName");
  }

  @Test
  @DisplayName("A guest pass names the same guest, is refused as an access token, and an access token is refused as a pass")
  void guestPass() throws Exception {
    AccessTokenVerifier verifier = new AccessTokenVerifier(issuer, auth::jwks, java.time.Clock.systemUTC());
    JsonObject first = await(auth.issueGuestToken("meeting-42", "Vera", null, ANONYMOUS));
    Caller pass = await(verifier.verifyGuestPass(first.getString("pass")));
    assertThat(pass.getUserId()).isEqualTo(first.getString("guestId"));
    assertThat(pass.getMeetingId()).isEqualTo("meeting-42");

    JsonObject again = await(auth.issueGuestToken("meeting-42", "Vera", pass.getUserId(), ANONYMOUS));
    assertThat(again.getString("guestId")).isEqualTo(first.getString("guestId"));

    Future<Caller> passAsToken = verifier.verify(first.getString("pass"));
    await(passAsToken.otherwiseEmpty());
    assertThat(passAsToken.failed()).isTrue();
    Future<Caller> tokenAsPass = verifier.verifyGuestPass(first.getString("token"));
    await(tokenAsPass.otherwiseEmpty());
    assertThat(tokenAsPass.failed()).isTrue();
    Future<JsonObject> forged = auth.issueGuestToken("meeting-42", "Vera", "user-123", ANONYMOUS);
    await(forged.otherwiseEmpty());
    assertThat(((ServiceException) forged.cause()).getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo("guestId");
  }
}
