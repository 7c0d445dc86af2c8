package dev.parley.common.jwt;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class AccessTokenVerifierTest {

  private static final String ISSUER = "https://parley.test";
  private final Instant now = Instant.parse("2026-11-21T12:00:00Z");
  private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

  private static ECKey newKey(String kid) throws Exception {
    return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
  }

  private String token(ECKey key, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
        .type(AccessTokenVerifier.TYPE).build(), claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  private JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder().issuer(ISSUER).subject("user-1").audience(AccessTokenVerifier.AUDIENCE)
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
        .claim("name", "Ada").claim("role", "user");
  }

  /** A JWKS source that serves whatever keys are current and counts fetches. */
  private static final class KeySource {
    final AtomicReference<List<ECKey>> keys = new AtomicReference<>();
    final AtomicInteger fetches = new AtomicInteger();

    Future<JsonObject> fetch() {
      fetches.incrementAndGet();
      return Future.succeededFuture(new JsonObject(new JWKSet(keys.get().stream()
          .map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList()).toJSONObject(true)));
    }
  }

  private static ErrorCode failure(Future<?> result) {
    assertThat(result.failed()).as("verification should fail").isTrue();
    return ErrorCode.of(((ServiceException) result.cause()).failureCode());
  }

  @Test
  @DisplayName("A valid token yields the caller named by its claims")
  void valid() throws Exception {
    ECKey key = newKey("k1");
    KeySource source = new KeySource();
    source.keys.set(List.of(key));
    AccessTokenVerifier verifier = new AccessTokenVerifier(ISSUER, source::fetch, clock);

    Caller caller = verifier.verify(token(key, claims().build())).result();
    assertThat(caller.getUserId()).isEqualTo("user-1");
    assertThat(caller.getDisplayName()).isEqualTo("Ada");
    assertThat(caller.getRole()).isEqualTo("user");
  }

  /** A clock the test moves forward. */
  private static final class MovableClock extends Clock {
    private Instant instant;

    MovableClock(Instant start) {
      instant = start;
    }

    void advance(Duration by) {
      instant = instant.plus(by);
    }

    @Override
    public Instant instant() {
      return instant;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  @DisplayName("A token signed by a newly rotated key is accepted after one JWKS refresh")
  void keyRotation() throws Exception {
    ECKey old = newKey("old");
    ECKey rotated = newKey("new");
    KeySource source = new KeySource();
    source.keys.set(List.of(old));
    MovableClock movable = new MovableClock(now);
    AccessTokenVerifier verifier = new AccessTokenVerifier(ISSUER, source::fetch, movable);
    assertThat(verifier.verify(token(old, claims().build())).succeeded()).isTrue();
    assertThat(source.fetches).hasValue(1);

    source.keys.set(List.of(rotated, old));
    movable.advance(AccessTokenVerifier.MIN_REFRESH_INTERVAL.plusSeconds(1));
    assertThat(verifier.verify(token(rotated, claims().build())).succeeded()).isTrue();
    assertThat(verifier.verify(token(old, claims().build())).succeeded()).isTrue();
    assertThat(source.fetches).hasValue(2);
  }

  @Test
  @DisplayName("Unknown key ids do not trigger a JWKS fetch more than once per refresh interval")
  void unknownKidRateLimited() throws Exception {
    ECKey known = newKey("known");
    KeySource source = new KeySource();
    source.keys.set(List.of(known));
    AccessTokenVerifier verifier = new AccessTokenVerifier(ISSUER, source::fetch, clock);
    assertThat(verifier.verify(token(known, claims().build())).succeeded()).isTrue();
    for (int i = 0; i < 20; i++) {
      assertThat(failure(verifier.verify(token(newKey("forged-" + i), claims().build())))).isEqualTo(ErrorCode.UNAUTHORIZED);
    }
    assertThat(source.fetches).hasValue(1);
  }

  @Test
  @DisplayName("HMAC-signed, untyped, audience-less, future-issued and guest tokens without a meeting are refused")
  void refusals() throws Exception {
    ECKey key = newKey("k1");
    KeySource source = new KeySource();
    source.keys.set(List.of(key));
    AccessTokenVerifier verifier = new AccessTokenVerifier(ISSUER, source::fetch, clock);

    SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").type(AccessTokenVerifier.TYPE).build(),
        claims().build());
    hmac.sign(new MACSigner(new byte[32]));
    SignedJWT untyped = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").type(JOSEObjectType.JWT).build(),
        claims().build());
    untyped.sign(new ECDSASigner(key));

    assertThat(failure(verifier.verify(hmac.serialize()))).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(failure(verifier.verify(untyped.serialize()))).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(failure(verifier.verify(token(key, claims().audience("elsewhere").build())))).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(failure(verifier.verify(token(key, claims().issueTime(Date.from(now.plus(Duration.ofHours(1)))).build()))))
        .isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(failure(verifier.verify(token(key, claims().claim("role", "guest").build())))).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(failure(verifier.verify(token(key, claims().claim("role", "superuser").build())))).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(failure(verifier.verify(null))).isEqualTo(ErrorCode.UNAUTHORIZED);

    Caller guest = verifier.verify(token(key, claims().claim("role", "guest").claim("mid", "meeting-9").build())).result();
    assertThat(guest.getMeetingId()).isEqualTo("meeting-9");
    assertThat(guest.isAccount()).isFalse();
  }

  @Test
  @DisplayName("A correctly signed token missing any claim the verifier uses, or holding one of the wrong type, is refused as unauthorized")
  void missingOrMistypedClaims() throws Exception {
    ECKey key = newKey("k1");
    KeySource source = new KeySource();
    source.keys.set(List.of(key));
    AccessTokenVerifier verifier = new AccessTokenVerifier(ISSUER, source::fetch, clock);

    List<JWTClaimsSet> tokens = List.of(
        claims().claim("role", null).build(),
        claims().subject(null).build(),
        claims().issuer(null).build(),
        claims().audience((String) null).build(),
        claims().expirationTime(null).build(),
        claims().issueTime(null).build(),
        claims().claim("role", 7).build(),
        claims().claim("role", List.of("user")).build(),
        claims().claim("role", "guest").claim("mid", 42).build(),
        claims().claim("name", new JsonObject().put("x", 1).getMap()).claim("role", "user").claim("sub", 5).build());
    for (JWTClaimsSet claims : tokens) {
      Future<Caller> result = verifier.verify(token(key, claims));
      assertThat(failure(result)).as(claims.toString()).isEqualTo(ErrorCode.UNAUTHORIZED);
    }
  }

  @Test
  @DisplayName("When the key source is down, verification fails as unavailable rather than unauthorized")
  void sourceDown() throws Exception {
    AccessTokenVerifier verifier = new AccessTokenVerifier(ISSUER,
        () -> Future.failedFuture(new IllegalStateException("auth service down")), clock);
    assertThat(failure(verifier.verify(token(newKey("k"), claims().build())))).isEqualTo(ErrorCode.UNAVAILABLE);
  }
}
