package dev.parley.common.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Verifies Parley access tokens: ES256-signed JWTs (RFC 7519, RFC 7518 §3.4) with header
 * {@code typ: at+jwt} (RFC 9068) and a {@code kid} naming a key of the auth service's JWK Set.
 *
 * <p>A token passes only if: it parses; {@code alg} is exactly ES256 (so {@code none} and HMAC
 * confusion are refused); its {@code kid} is in the JWK Set (fetched on first use and re-fetched at
 * most every {@link #MIN_REFRESH_INTERVAL} when an unknown {@code kid} appears, so a key rotation is
 * picked up without letting forged {@code kid}s hammer the auth service); the signature verifies;
 * {@code iss} equals the configured issuer; {@code aud} contains {@link #AUDIENCE}; {@code exp} is in
 * the future and {@code iat} not in the future, each with {@link #CLOCK_SKEW} leeway.
 *
 * <p>Claims read, each required: {@code sub} (user id), {@code role} (exactly one of user, admin or
 * guest) and, for guests, {@code mid} (the meeting the token is scoped to); {@code name} is optional.
 * A claim of the wrong JSON type, or anything else the verifier cannot read, fails like a bad
 * signature. Every failure is
 * {@link ErrorCode#UNAUTHORIZED} with one generic message; the reason is not disclosed.
 */
public final class AccessTokenVerifier {

  /** The {@code aud} every Parley access token carries. */
  public static final String AUDIENCE = "parley";
  /** The JOSE {@code typ} of access tokens (RFC 9068 §2.1). */
  public static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");
  /**
   * The JOSE {@code typ} of guest passes: what a browser keeps (in a cookie) to come back to a meeting as
   * the same guest. Signed like access tokens but never accepted as one, nor an access token as a pass.
   */
  public static final JOSEObjectType GUEST_PASS_TYPE = new JOSEObjectType("guest-pass+jwt");
  /** Tolerated clock difference between the signer and this verifier. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
  /** Least time between two JWK Set fetches triggered by unknown {@code kid}s. */
  public static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(10);

  private static final String INVALID = "The access token is missing, invalid or expired.";
  private static final Set<String> ROLES = Set.of(Caller.ROLE_USER, Caller.ROLE_ADMIN, Caller.ROLE_GUEST);

  private final String issuer;
  private final Supplier<Future<JsonObject>> jwksSource;
  private final Clock clock;

  /** Subjects whose tokens are refused until the instant given (accounts an admin disabled). */
  private final java.util.Map<String, Instant> revokedSubjects = new java.util.HashMap<>();
  private JWKSet keys;
  private Future<JWKSet> pendingFetch;
  private Instant lastFetch = Instant.EPOCH;

  /**
   * @param issuer the expected {@code iss}
   * @param jwksSource fetches the JWK Set ({@code {"keys": [...]}}), e.g. from the auth service
   * @param clock the time source for expiry checks
   */
  public AccessTokenVerifier(String issuer, Supplier<Future<JsonObject>> jwksSource, Clock clock) {
    this.issuer = issuer;
    this.jwksSource = jwksSource;
    this.clock = clock;
  }

  /**
   * Verifies a compact-serialised token. Must be called on one event loop (the cache is not
   * synchronised), which is how a verticle uses it.
   *
   * @return the caller the token names, with {@code correlationId} and {@code clientAddress} unset
   */
  public Future<Caller> verify(String token) {
    return verify(token, TYPE);
  }

  /**
   * Verifies a guest pass ({@link #GUEST_PASS_TYPE}): the same checks as an access token, and it must
   * name a guest of one meeting.
   *
   * @return the guest it names (role {@code guest}, {@code meetingId} set); {@code UNAUTHORIZED} otherwise
   */
  public Future<Caller> verifyGuestPass(String pass) {
    return verify(pass, GUEST_PASS_TYPE).compose(caller -> Caller.ROLE_GUEST.equals(caller.getRole())
        ? Future.succeededFuture(caller) : unauthorized());
  }

  private Future<Caller> verify(String token, JOSEObjectType type) {
    SignedJWT jwt;
    try {
      if (token == null || token.isBlank()) {
        return unauthorized();
      }
      jwt = SignedJWT.parse(token.trim());
    } catch (ParseException e) {
      return unauthorized();
    }
    JWSHeader header = jwt.getHeader();
    if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || header.getKeyID() == null
        || !type.equals(header.getType())) {
      return unauthorized();
    }
    return keyFor(header.getKeyID()).compose(key -> key == null ? unauthorized() : check(jwt, key));
  }

  /**
   * Refuses every token of {@code subject} from now on for {@code lifetime} (the longest an access
   * token lives, plus {@link #CLOCK_SKEW}), so that a disabled account's unexpired tokens stop working at
   * once instead of when they expire. Entries past their time are dropped on the next call.
   */
  public void revokeSubject(String subject, Duration lifetime) {
    Instant now = clock.instant();
    revokedSubjects.values().removeIf(until -> !until.isAfter(now));
    revokedSubjects.put(subject, now.plus(lifetime).plus(CLOCK_SKEW));
  }

  /** Accepts {@code subject}'s tokens again (an account enabled again). */
  public void restoreSubject(String subject) {
    revokedSubjects.remove(subject);
  }

  private Future<ECKey> keyFor(String kid) {
    ECKey known = find(keys, kid);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    if (pendingFetch == null && Duration.between(lastFetch, clock.instant()).compareTo(MIN_REFRESH_INTERVAL) < 0
        && keys != null) {
      return Future.succeededFuture(null);
    }
    return fetch().map(set -> find(set, kid)).recover(err -> Future.failedFuture(
        ErrorCode.UNAVAILABLE.exception("Token keys are unavailable right now; try again shortly.")));
  }

  private Future<JWKSet> fetch() {
    if (pendingFetch != null) {
      return pendingFetch;
    }
    lastFetch = clock.instant();
    Future<JWKSet> fetch = jwksSource.get()
        .map(json -> {
          try {
            return JWKSet.parse(json.encode());
          } catch (ParseException e) {
            throw new IllegalStateException("The JWK Set does not parse", e);
          }
        })
        .onSuccess(set -> keys = set);
    if (!fetch.isComplete()) {
      // Concurrent verifications of unknown kids share this fetch until it completes.
      pendingFetch = fetch;
      fetch.onComplete(ar -> pendingFetch = null);
    }
    return fetch;
  }

  private static ECKey find(JWKSet set, String kid) {
    if (set == null) {
      return null;
    }
    JWK key = set.getKeyByKeyId(kid);
    return key instanceof ECKey ec ? ec : null;
  }

  private Future<Caller> check(SignedJWT jwt, ECKey key) {
    try {
      if (!jwt.verify(new ECDSAVerifier(key))) {
        return unauthorized();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Instant now = clock.instant();
      Date exp = claims.getExpirationTime();
      Date iat = claims.getIssueTime();
      if (!issuer.equals(claims.getIssuer())
          || claims.getAudience() == null || !claims.getAudience().contains(AUDIENCE)
          || exp == null || !exp.toInstant().plus(CLOCK_SKEW).isAfter(now)
          || iat == null || iat.toInstant().minus(CLOCK_SKEW).isAfter(now)
          || claims.getSubject() == null) {
        return unauthorized();
      }
      String role = claims.getStringClaim("role");
      // Set.of(...).contains(null) throws: a token without a role is refused like any other.
      if (role == null || !ROLES.contains(role)) {
        return unauthorized();
      }
      String meetingId = claims.getStringClaim("mid");
      if (Caller.ROLE_GUEST.equals(role) && meetingId == null) {
        return unauthorized();
      }
      Instant revokedUntil = revokedSubjects.get(claims.getSubject());
      if (revokedUntil != null && revokedUntil.isAfter(now)) {
        return unauthorized();
      }
      return Future.succeededFuture(new Caller()
          .setUserId(claims.getSubject())
          .setDisplayName(claims.getStringClaim("name"))
          .setRole(role)
          .setMeetingId(meetingId));
    } catch (JOSEException | ParseException | RuntimeException e) {
      // A token this verifier does not fully understand is refused, whatever part of it is odd.
      return unauthorized();
    }
  }

  private static <T> Future<T> unauthorized() {
    return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception(INVALID));
  }
}
