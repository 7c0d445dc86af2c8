package dev.parley.common.ops;

import dev.parley.api.ErrorCode;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class SaturationTest {

  @Test
  @DisplayName("A pool's too-busy refusal is recognised, also as a cause, and other failures are not")
  void recognises() {
    assertThat(Saturation.is(new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 24"))).isTrue();
    assertThat(Saturation.is(new RuntimeException("wrapped", new ConnectionPoolTooBusyException("busy")))).isTrue();
    assertThat(Saturation.is(new IllegalStateException("Redis is down"))).isFalse();
    assertThat(Saturation.is(null)).isFalse();
  }

  @Test
  @DisplayName("A saturation is answered unavailable with retryAfter 1 and no detail of the pool")
  void refusal() {
    ServiceException refusal = new Saturation(LoggerFactory.getLogger(SaturationTest.class), "Live meetings")
        .refuse(new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 24"));
    assertThat(refusal.failureCode()).isEqualTo(ErrorCode.UNAVAILABLE.failureCode());
    assertThat(refusal.getDebugInfo().getInteger(ErrorCode.RETRY_AFTER)).isEqualTo(1);
    assertThat(refusal.getMessage()).startsWith("Live meetings is busy").doesNotContain("queue");
  }
}
