package dev.parley.signaling;

import dev.parley.api.ErrorCode;
import io.vertx.core.Future;
import io.vertx.serviceproxy.ServiceException;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Blocking helpers for test threads (never an event loop). */
final class Futures {

  private Futures() {
  }

  /** @return the future's result, waiting up to 30 s */
  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Waits for the call, asserts it failed with the code, and returns its failure. */
  static ServiceException refused(Future<?> call, ErrorCode code) throws Exception {
    await(call.otherwiseEmpty());
    assertThat(call.failed()).as("the call is refused").isTrue();
    assertThat(call.cause()).isInstanceOf(ServiceException.class);
    ServiceException refusal = (ServiceException) call.cause();
    assertThat(ErrorCode.of(refusal.failureCode())).as(refusal.getMessage()).isEqualTo(code);
    return refusal;
  }
}
