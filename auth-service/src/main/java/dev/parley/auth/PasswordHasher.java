package dev.parley.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;

/**
 * Argon2id password hashing (RFC 9106) at OWASP's Password Storage Cheat Sheet minimum: m = 19 MiB,
 * t = 2, p = 1, with a 16-byte random salt and a 32-byte tag, encoded as a PHC string
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$...}).
 *
 * <p>Hashing costs tens of milliseconds of CPU, so it runs on a dedicated worker pool sized to the
 * cores, never on an event loop; under a login storm requests queue there instead of starving other
 * work.
 */
final class PasswordHasher {

  static final int MEMORY_KIB = 19 * 1024;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  static final int TAG_BYTES = 32;
  static final int SALT_BYTES = 16;

  private static final Argon2Function ARGON2ID =
      Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, TAG_BYTES, Argon2.ID);

  private final WorkerExecutor workers;
  private final String dummyHash;

  /** @param workers the pool hashing runs on */
  PasswordHasher(WorkerExecutor workers) {
    this.workers = workers;
    this.dummyHash = hashNow("parley-timing-equaliser");
  }

  /** @return the PHC-encoded Argon2id hash of the password */
  Future<String> hash(String password) {
    return workers.executeBlocking(() -> hashNow(password), false);
  }

  /**
   * @param phcHash a stored hash, or {@code null} for an unknown account: a dummy hash is then checked
   *     so that the answer takes as long as for a real one (no account enumeration by timing)
   * @return whether the password matches
   */
  Future<Boolean> verify(String password, String phcHash) {
    String hash = phcHash == null ? dummyHash : phcHash;
    return workers.executeBlocking(() -> Password.check(password, hash).with(ARGON2ID) && phcHash != null, false);
  }

  private static String hashNow(String password) {
    return Password.hash(password).addRandomSalt(SALT_BYTES).with(ARGON2ID).getResult();
  }
}
