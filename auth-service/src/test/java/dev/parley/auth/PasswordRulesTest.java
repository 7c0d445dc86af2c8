package dev.parley.auth;

import com.password4j.Argon2Function;
import dev.parley.api.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordRulesTest {

  private static Vertx vertx;
  private static WorkerExecutor workers;
  private static final PasswordPolicy POLICY = new PasswordPolicy();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    workers = vertx.createSharedWorkerExecutor("test-hashing", 2);
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("Hashes are Argon2id PHC strings at OWASP's minimum parameters (m=19 MiB, t=2, p=1) with a random salt")
  void argon2idParameters() throws Exception {
    PasswordHasher hasher = await(workers.executeBlocking(() -> new PasswordHasher(workers)));
    String first = await(hasher.hash("correct horse battery staple"));
    String second = await(hasher.hash("correct horse battery staple"));
    assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(first).isNotEqualTo(second);
    Argon2Function decoded = Argon2Function.getInstanceFromHash(first);
    assertThat(decoded.getMemory()).isGreaterThanOrEqualTo(19 * 1024);
    assertThat(decoded.getIterations()).isGreaterThanOrEqualTo(2);
    assertThat(decoded.getParallelism()).isEqualTo(1);
  }

  @Test
  @DisplayName("Verification accepts the password, refuses another, and refuses anything for an unknown account")
  void verify() throws Exception {
    PasswordHasher hasher = await(workers.executeBlocking(() -> new PasswordHasher(workers)));
    String hash = await(hasher.hash("correct horse battery staple"));
    assertThat(await(hasher.verify("correct horse battery staple", hash))).isTrue();
    assertThat(await(hasher.verify("correct horse battery stapler", hash))).isFalse();
    assertThat(await(hasher.verify("parley-timing-equaliser", null))).isFalse();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"1234567890", "qwertyuiop", "PASSWORD123", "iloveyou12"})
  @DisplayName("Common passwords are refused whatever their case")
  void common(String password) {
    assertThat(POLICY.check(password, "a@b.test")).isNotNull()
        .satisfies(e -> assertThat(ErrorCode.of(e.failureCode())).isEqualTo(ErrorCode.WEAK_PASSWORD))
        .hasMessageContaining("too common");
  }

  @Test
  @DisplayName("Length is counted in characters, not bytes, and bounded on both sides")
  void length() {
    assertThat(POLICY.check("ééééééééé", "a@b.test")).hasMessageContaining("at least 10");
    assertThat(POLICY.check("😀😀😀😀😀😀😀😀😀😀", "a@b.test")).isNull();
    assertThat(POLICY.check("x".repeat(257), "a@b.test")).hasMessageContaining("at most 256");
    assertThat(POLICY.check("ada@example.com", "ada@example.com")).hasMessageContaining("email");
    assertThat(POLICY.check("lighthouse keeper tuesday", "a@b.test")).isNull();
  }

  @Test
  @DisplayName("Emails are trimmed and lower-cased, and implausible ones are refused")
  void emails() {
    assertThat(AuthServiceImpl.normaliseEmail("  Ada@Example.COM ")).isEqualTo("ada@example.com");
    assertThat(AuthServiceImpl.normaliseEmail("no-at-sign")).isNull();
    assertThat(AuthServiceImpl.normaliseEmail("a b@example.com")).isNull();
    assertThat(AuthServiceImpl.normaliseEmail("a@" + "x".repeat(260) + ".com")).isNull();
    assertThat(AuthServiceImpl.normaliseEmail(null)).isNull();
  }
}
