package dev.parley.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.common.jwt.AccessTokenVerifier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Signs access tokens: ES256 JWTs with header {@code typ: at+jwt} and {@code kid} (RFC 9068), claims
 * {@code iss}, {@code sub} (user id), {@code aud} ({@value AccessTokenVerifier#AUDIENCE}), {@code iat},
 * {@code exp} ({@link #LIFETIME} later), {@code jti}, {@code name} and {@code role}. Verified by
 * {@link AccessTokenVerifier}.
 */
final class AccessTokenIssuer {

  /** Access-token lifetime: short, because access tokens are not revocable. */
  static final Duration LIFETIME = Duration.ofMinutes(15);

  private final SigningKeys keys;
  private final String issuer;
  private final Clock clock;
  private final ECDSASigner signer;

  AccessTokenIssuer(SigningKeys keys, String issuer, Clock clock) {
    this.keys = keys;
    this.issuer = issuer;
    this.clock = clock;
    try {
      this.signer = new ECDSASigner(keys.signingKey());
    } catch (JOSEException e) {
      throw new IllegalStateException("The signing key cannot sign ES256", e);
    }
  }

  /** Guest-token lifetime: long enough for a meeting; a guest who rejoins gets a new one. */
  static final Duration GUEST_LIFETIME = Duration.ofHours(4);

  /**
   * Guest-pass lifetime: how long a browser comes back to a meeting as the same guest (and a removed
   * guest stays removed in that browser); renewed by every join.
   */
  static final Duration GUEST_PASS_LIFETIME = Duration.ofDays(30);

  /** @return a compact-serialised signed JWT for an account */
  String issue(String userId, String displayName, String role) {
    return sign(AccessTokenVerifier.TYPE, userId, displayName, role, null, LIFETIME);
  }

  /** @return a compact-serialised room-scoped guest token: role {@code guest}, claim {@code mid} */
  String issueGuest(String guestId, String displayName, String meetingId) {
    return sign(AccessTokenVerifier.TYPE, guestId, displayName, "guest", meetingId, GUEST_LIFETIME);
  }

  /** @return a guest pass ({@link AccessTokenVerifier#GUEST_PASS_TYPE}) with the guest token's claims */
  String issueGuestPass(String guestId, String displayName, String meetingId) {
    return sign(AccessTokenVerifier.GUEST_PASS_TYPE, guestId, displayName, "guest", meetingId, GUEST_PASS_LIFETIME);
  }

  private String sign(com.nimbusds.jose.JOSEObjectType type, String subject, String displayName, String role, String meetingId,
                      Duration lifetime) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(subject)
        .audience(AccessTokenVerifier.AUDIENCE)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(lifetime)))
        .jwtID(UUID.randomUUID().toString())
        .claim("name", displayName)
        .claim("role", role);
    if (meetingId != null) {
      builder.claim("mid", meetingId);
    }
    JWTClaimsSet claims = builder.build();
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
        .keyID(keys.signingKey().getKeyID())
        .type(type)
        .build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("Signing an access token failed", e);
    }
    return jwt.serialize();
  }
}
