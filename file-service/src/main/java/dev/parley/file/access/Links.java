package dev.parley.file.access;

import dev.parley.api.Caller;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;

/**
 * Signed download links: {@code <payload>.<signature>}, both base64url, where the payload is
 * {@code {"f": fileId, "u": userId, "r": role, "m": meetingId (guests), "e": expiry (epoch seconds)}}
 * and the signature its HMAC-SHA256 under the service's link key. A link grants what its signer could
 * do, checked again when it is used (so a removal or the end of a meeting also ends its links), for at
 * most the configured lifetime (≤ 5 minutes), for that one file; presented together with another
 * account's token it is refused.
 */
public final class Links {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private final byte[] key;
  private final int ttlSeconds;
  private final Clock clock;

  public Links(byte[] key, int ttlSeconds, Clock clock) {
    this.key = key.clone();
    this.ttlSeconds = ttlSeconds;
    this.clock = clock;
  }

  /** @return {@code {"token", "expires" (epoch seconds)}} */
  public JsonObject sign(String fileId, Caller caller) {
    long expires = clock.instant().getEpochSecond() + ttlSeconds;
    JsonObject payload = new JsonObject().put("f", fileId).put("u", caller.getUserId()).put("r", caller.getRole())
        .put("e", expires);
    if (caller.getMeetingId() != null) {
      payload.put("m", caller.getMeetingId());
    }
    String body = ENCODER.encodeToString(payload.encode().getBytes(StandardCharsets.UTF_8));
    return new JsonObject().put("token", body + "." + ENCODER.encodeToString(mac(body))).put("expires", expires);
  }

  /**
   * @return the caller the link was signed for, or {@code null} when the token is malformed, forged,
   *     expired or for another file
   */
  public Caller verify(String fileId, String token) {
    if (token == null || token.length() > 2048) {
      return null;
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    String body = token.substring(0, dot);
    try {
      if (!MessageDigest.isEqual(mac(body), DECODER.decode(token.substring(dot + 1)))) {
        return null;
      }
      JsonObject payload = new JsonObject(new String(DECODER.decode(body), StandardCharsets.UTF_8));
      if (!fileId.equals(payload.getString("f")) || payload.getLong("e", 0L) < clock.instant().getEpochSecond()) {
        return null;
      }
      return new Caller().setUserId(payload.getString("u")).setRole(payload.getString("r")).setMeetingId(payload.getString("m"));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private byte[] mac(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
