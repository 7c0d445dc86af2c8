package dev.parley.chat;

import dev.parley.api.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The bound on chat sends in progress")
class SendsInProgressTest {

  @Test
  @DisplayName("Past the bound a send is refused at once with unavailable and retryAfter, without being started; room frees when one completes")
  void refusesPastTheBound() {
    SendsInProgress bound = new SendsInProgress(2);
    AtomicInteger started = new AtomicInteger();
    Promise<String> first = Promise.promise();
    Promise<String> second = Promise.promise();
    bound.run(() -> {
      started.incrementAndGet();
      return first.future();
    });
    bound.run(() -> {
      started.incrementAndGet();
      return second.future();
    });

    Future<String> refused = bound.run(() -> {
      started.incrementAndGet();
      return Future.succeededFuture("stored");
    });

    assertThat(started).hasValue(2);
    assertThat(refused.failed()).isTrue();
    ServiceException refusal = (ServiceException) refused.cause();
    assertThat(ErrorCode.of(refusal.failureCode())).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(refusal.getDebugInfo().getInteger(ErrorCode.RETRY_AFTER)).isEqualTo(1);

    first.fail("the store failed");
    assertThat(bound.current()).as("a failed send frees its place too").isEqualTo(1);
    assertThat(bound.run(() -> Future.succeededFuture("stored")).result()).isEqualTo("stored");
    assertThat(bound.current()).isEqualTo(1);
  }
}
