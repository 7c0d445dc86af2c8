package dev.parley.api.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.Caller;
import dev.parley.api.JsonObjectText;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

@DisplayName("LocalSignal: a signal handed over the event bus inside one process")
class LocalSignalTest {

  private final LocalSignal signal = new LocalSignal("m-1", "p-2", SignalingService.OFFER, JsonObjectText.of("{\"sdp\":\"v=0\"}"),
      new Caller().setUserId("p-1").setDisplayName("Ada").setRole(Caller.ROLE_USER));
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("arrives with the same values and its own copy of the caller; registering the codec twice is harmless")
  void deliveredLocally() throws Exception {
    LocalSignal.registerCodec(vertx);
    LocalSignal.registerCodec(vertx);
    CompletableFuture<LocalSignal> received = new CompletableFuture<>();
    vertx.eventBus().<LocalSignal>localConsumer("test.relay", message -> {
      received.complete(message.body());
      message.reply(null);
    }).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    vertx.eventBus().request("test.relay", signal, LocalSignal.delivery(10_000))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    LocalSignal arrived = received.get(10, TimeUnit.SECONDS);
    assertThat(arrived).usingRecursiveComparison().isEqualTo(signal);
    assertThat(arrived.payload()).isSameAs(signal.payload());
    assertThat(arrived.caller()).isNotSameAs(signal.caller());
    assertThat(arrived.caller().toJson()).isEqualTo(signal.caller().toJson());
  }

  @Test
  @DisplayName("is never written to the wire: its codec refuses to encode or decode it")
  void neverOnTheWire() {
    LocalSignal.Codec codec = new LocalSignal.Codec();
    assertThatThrownBy(() -> codec.encodeToWire(Buffer.buffer(), signal)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> codec.decodeFromWire(0, Buffer.buffer())).isInstanceOf(UnsupportedOperationException.class);
  }
}
