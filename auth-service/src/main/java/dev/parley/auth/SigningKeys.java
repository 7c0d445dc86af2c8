package dev.parley.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.List;
import java.util.UUID;

/**
 * The ES256 (ECDSA P-256, RFC 7518 §3.4) keys that sign access tokens. A key file holds a JWK Set
 * (RFC 7517) of private EC keys: the first signs, all are published so that tokens signed by a key
 * being rotated out keep verifying until they expire.
 */
public final class SigningKeys {

  private final ECKey signing;
  private final JWKSet published;

  private SigningKeys(List<ECKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("A signing key set needs at least one EC key");
    }
    this.signing = keys.get(0);
    this.published = new JWKSet(keys.stream().map(k -> (JWK) k.toPublicJWK()).toList());
  }

  /** @return a fresh in-memory key; tokens it signs stop verifying when the process ends */
  public static SigningKeys ephemeral() {
    return new SigningKeys(List.of(generate()));
  }

  /**
   * Reads the key file (blocking I/O).
   *
   * @throws IllegalStateException naming the file when it is missing, unreadable or holds no EC key
   */
  public static SigningKeys load(Path file) {
    try {
      List<ECKey> keys = JWKSet.load(file.toFile()).getKeys().stream()
          .filter(k -> k instanceof ECKey ec && ec.isPrivate())
          .map(k -> (ECKey) k)
          .toList();
      if (keys.isEmpty()) {
        throw new IllegalStateException(file + " holds no private EC (P-256) key");
      }
      return new SigningKeys(keys);
    } catch (IOException | ParseException e) {
      throw new IllegalStateException("Cannot read the JWT signing key file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the key file, first creating it with one new key (owner-only permissions where the file
   * system supports them) when it does not exist. Blocking I/O; used for development data dirs.
   */
  public static SigningKeys loadOrCreate(Path file) {
    if (!Files.exists(file)) {
      try {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, newKeySet());
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
          // not a POSIX file system: keep the default permissions
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create the JWT signing key file " + file, e);
      }
    }
    return load(file);
  }

  /**
   * @return a new JWK Set holding one private P-256 key, as JSON: what {@code PARLEY_JWT_KEY_FILE} names
   *     (printed by {@code Main generate-key} for a deployment's secret)
   */
  public static String newKeySet() {
    return new JWKSet(generate()).toString(false);
  }

  private static ECKey generate() {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .keyID(UUID.randomUUID().toString())
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("EC P-256 key generation is unavailable", e);
    }
  }

  ECKey signingKey() {
    return signing;
  }

  /** @return the public keys as a JWK Set: {@code {"keys": [{"kty": "EC", "kid": ..., ...}]}} */
  public JsonObject jwks() {
    return new JsonObject(published.toJSONObject(true));
  }
}
