package dev.parley.common.config;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParleyConfigTest {

  @Test
  @DisplayName("Without configuration the development defaults apply")
  void defaults() {
    ParleyConfig config = ParleyConfig.of(new JsonObject());
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.publicUrl()).isEqualTo("http://localhost:8080");
    assertThat(config.jwtIssuer()).isEqualTo("http://localhost:8080");
    assertThat(config.list(ParleyConfig.CLUSTER_MEMBERS)).isEmpty();
  }

  @Test
  @DisplayName("Values given in code win over defaults and are converted from strings")
  void overrides() {
    ParleyConfig config = ParleyConfig.of(new JsonObject()
        .put(ParleyConfig.HTTP_PORT, "9090")
        .put(ParleyConfig.PUBLIC_URL, "https://meet.example.com/")
        .put(ParleyConfig.CLUSTER_MEMBERS, " a:5701, ,b:5702 ")
        .put(ParleyConfig.TRUST_PROXY, "YES"));
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.publicUrl()).isEqualTo("https://meet.example.com");
    assertThat(config.list(ParleyConfig.CLUSTER_MEMBERS)).containsExactly("a:5701", "b:5702");
    assertThat(config.bool(ParleyConfig.TRUST_PROXY)).isTrue();
  }

  @Test
  @DisplayName("A non-numeric number is reported with the variable's name")
  void badNumber() {
    ParleyConfig config = ParleyConfig.of(new JsonObject().put(ParleyConfig.HTTP_PORT, "eighty"));
    assertThatThrownBy(config::httpPort).hasMessageContaining("PARLEY_HTTP_PORT").hasMessageContaining("eighty");
  }

  @Test
  @DisplayName("Gateway instances: 0 means one per event loop, a number is taken as given, a negative one is refused by name")
  void gatewayInstances() {
    assertThat(ParleyConfig.of(new JsonObject()).gatewayInstances()).isEqualTo(2 * Runtime.getRuntime().availableProcessors());
    assertThat(ParleyConfig.of(new JsonObject().put(ParleyConfig.GATEWAY_INSTANCES, "3")).gatewayInstances()).isEqualTo(3);
    assertThatThrownBy(() -> ParleyConfig.of(new JsonObject().put(ParleyConfig.GATEWAY_INSTANCES, -1)).gatewayInstances())
        .hasMessageContaining("PARLEY_GATEWAY_INSTANCES").hasMessageContaining("-1");
  }

  @Test
  @DisplayName("Loading through vertx-config keeps only PARLEY_ keys and lets overrides win")
  void load() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      ParleyConfig config = ParleyConfig.load(vertx, new JsonObject().put(ParleyConfig.MONGO_DB, "from-code"))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(config.string(ParleyConfig.MONGO_DB)).isEqualTo("from-code");
      assertThat(config.toJson().fieldNames()).allMatch(name -> name.startsWith("PARLEY_"));
      assertThat(config.string("PATH")).isNull();
    } finally {
      vertx.close();
    }
  }
}
