package dev.parley.signaling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The ICE servers a participant's browser uses ({@code RTCConfiguration.iceServers}, W3C WebRTC 1.0
 * §4.2.1): the configured STUN URIs, and the TURN URIs with short-lived credentials by the TURN REST
 * API convention (draft-uberti-behave-turn-rest-00, what coturn's {@code use-auth-secret} checks):
 * the username is {@code "<expiry, Unix seconds>:<participantId>"} and the credential is
 * {@code base64(HMAC-SHA1(secret, username))}, so the TURN server verifies it without asking Parley.
 *
 * <p>Shape: {@code [{"urls": [stun...]}, {"urls": [turn...], "username", "credential"}]}, each entry
 * present only when it has URIs; TURN needs a secret as well. Empty when nothing is configured (peers
 * then connect with host candidates only, enough on one LAN).
 */
final class IceServers {

  private final List<String> stunUris;
  private final List<String> turnUris;
  private final byte[] secret;
  private final Duration ttl;
  private final Clock clock;

  /**
   * @param secret the TURN shared secret, or null
   * @param ttl how long a credential is valid from the moment it is issued
   */
  IceServers(List<String> stunUris, List<String> turnUris, String secret, Duration ttl, Clock clock) {
    this.stunUris = List.copyOf(stunUris);
    this.turnUris = secret == null ? List.of() : List.copyOf(turnUris);
    this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
    this.ttl = ttl;
    this.clock = clock;
  }

  /** @return the ICE server list for one participant, with TURN credentials issued now */
  JsonArray forParticipant(String participantId) {
    JsonArray servers = new JsonArray();
    if (!stunUris.isEmpty()) {
      servers.add(new JsonObject().put("urls", new JsonArray(stunUris)));
    }
    if (!turnUris.isEmpty()) {
      String username = (clock.instant().plus(ttl).getEpochSecond()) + ":" + participantId;
      servers.add(new JsonObject().put("urls", new JsonArray(turnUris))
          .put("username", username)
          .put("credential", credential(username)));
    }
    return servers;
  }

  /** @return base64(HMAC-SHA1(secret, username)) */
  String credential(String username) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA1 is not available in this JVM", e);
    }
  }
}
