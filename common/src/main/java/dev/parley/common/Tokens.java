package dev.parley.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random opaque tokens and their digests, for refresh tokens, reset tokens and join codes. */
public final class Tokens {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {
  }

  /**
   * @param bytes how many random bytes (32 gives 256 bits, OWASP's session-identifier guidance asks
   *     for at least 64 bits of entropy)
   * @return URL-safe base64 without padding
   */
  public static String random(int bytes) {
    byte[] buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return URL.encodeToString(buffer);
  }

  /** @return the SHA-256 of the UTF-8 text as URL-safe base64: what is stored instead of a token */
  public static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return URL.encodeToString(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
