package dev.parley.signaling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("ICE servers with TURN REST credentials")
class IceServersTest {

  private static final Clock AT_1_700_000_000 = Clock.fixed(Instant.ofEpochSecond(1_699_996_400L), ZoneOffset.UTC);

  @Test
  @DisplayName("The TURN credential is base64(HMAC-SHA1(secret, \"expiry:user\")), as coturn's use-auth-secret checks it")
  void knownVector() {
    IceServers servers = new IceServers(List.of(), List.of("turn:turn.example.org"), "north-wind-secret",
        Duration.ofHours(1), AT_1_700_000_000);

    JsonObject turn = servers.forParticipant("alice").getJsonObject(0);

    assertThat(turn.getString("username")).isEqualTo("1700000000:alice");
    // Computed independently: printf '%s' "1700000000:alice" | openssl dgst -sha1 -hmac "north-wind-secret" -binary | base64
    assertThat(turn.getString("credential")).isEqualTo("r/l6ttQtMIfbS2lfULS0mDRRNUg=");
  }

  @Test
  @DisplayName("Without a secret no TURN server is handed out; without any URI the list is empty")
  void unconfigured() {
    assertThat(new IceServers(List.of("stun:stun.example.org"), List.of("turn:turn.example.org"), null,
        Duration.ofHours(1), AT_1_700_000_000).forParticipant("bob"))
        .isEqualTo(new JsonArray().add(new JsonObject().put("urls", new JsonArray().add("stun:stun.example.org"))));
    assertThat(new IceServers(List.of(), List.of(), null, Duration.ofHours(1), AT_1_700_000_000).forParticipant("bob"))
        .isEmpty();
  }

  /** The reference computation, for tests that see credentials issued at an instant they know. */
  static String hmacSha1Base64(String secret, String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
  }
}
