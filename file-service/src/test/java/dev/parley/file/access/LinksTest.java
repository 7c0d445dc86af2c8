package dev.parley.file.access;

import dev.parley.api.Caller;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Signed download links")
class LinksTest {

  private static final byte[] KEY = "test key of the links".getBytes();
  private final Caller ada = new Caller().setUserId("ada").setRole(Caller.ROLE_USER);

  @Test
  @DisplayName("A link names its signer until it expires (300 s), and not a second later")
  void expires() {
    Instant now = Instant.parse("2026-12-07T10:00:00Z");
    String token = new Links(KEY, 300, Clock.fixed(now, ZoneOffset.UTC)).sign("file-1", ada).getString("token");

    assertThat(new Links(KEY, 300, Clock.fixed(now.plus(Duration.ofSeconds(300)), ZoneOffset.UTC)).verify("file-1", token).getUserId())
        .isEqualTo("ada");
    assertThat(new Links(KEY, 300, Clock.fixed(now.plus(Duration.ofSeconds(301)), ZoneOffset.UTC)).verify("file-1", token)).isNull();
  }

  @Test
  @DisplayName("A link is refused for another file, under another key, and when its payload or signature is altered")
  void bound() {
    Links links = new Links(KEY, 300, Clock.systemUTC());
    String token = links.sign("file-1", ada).getString("token");
    String[] parts = token.split("\\.");
    String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(java.util.Base64.getUrlDecoder().decode(parts[0])).replace("ada", "eve").getBytes()) + "." + parts[1];

    assertThat(links.verify("file-2", token)).isNull();
    assertThat(new Links("another key".getBytes(), 300, Clock.systemUTC()).verify("file-1", token)).isNull();
    assertThat(links.verify("file-1", forged)).isNull();
    assertThat(links.verify("file-1", token.substring(0, token.length() - 2))).isNull();
    assertThat(links.verify("file-1", "not a token")).isNull();
  }

  @Test
  @DisplayName("A guest's link carries the meeting its token names")
  void guest() {
    Links links = new Links(KEY, 300, Clock.systemUTC());
    Caller guest = new Caller().setUserId("g1").setRole(Caller.ROLE_GUEST).setMeetingId("m1");

    Caller signer = links.verify("file-1", links.sign("file-1", guest).getString("token"));

    assertThat(signer.getRole()).isEqualTo(Caller.ROLE_GUEST);
    assertThat(signer.getMeetingId()).isEqualTo("m1");
  }
}
