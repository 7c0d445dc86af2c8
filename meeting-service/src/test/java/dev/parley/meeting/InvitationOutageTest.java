package dev.parley.meeting;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.parley.api.Caller;
import dev.parley.api.auth.AuthService;
import dev.parley.api.auth.Session;
import dev.parley.api.meeting.InvitationService;
import dev.parley.api.meeting.MeetingService;
import dev.parley.auth.AuthVerticle;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.common.testing.TestConfig;
import dev.parley.meeting.invitation.Invitations;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;

import static dev.parley.meeting.InvitationServiceTest.address;
import static dev.parley.meeting.InvitationServiceTest.await;
import static dev.parley.meeting.InvitationServiceTest.eventually;
import static dev.parley.meeting.InvitationServiceTest.request;
import static org.assertj.core.api.Assertions.assertThat;

/** Invitation mails survive an SMTP outage: retried with backoff, delivered when the server is back, or marked failed. */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Invitation mails during an SMTP outage")
class InvitationOutageTest {

  private Vertx vertx;
  private GreenMail recovered;

  @AfterEach
  void close() throws Exception {
    if (recovered != null) {
      recovered.stop();
    }
    await(vertx.close());
  }

  @Test
  @DisplayName("While the mail server is down the invitation stays pending and is retried; once it is back the mail arrives and shows as sent")
  void retriedUntilDelivered(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp unused) throws Exception {
    int port = freePort();
    InvitationService invitations = deploy(mongo, redis, unused, port, 1_000);
    Caller host = host();
    MeetingService meetings = MeetingService.createProxy(vertx);
    JsonObject meeting = await(meetings.create(new JsonObject().put("title", "Outage"), host));
    String guest = address("patient");

    await(invitations.invite(meeting.getString("id"), request(guest), host));
    eventually(() -> first(invitations, meeting, host).getInteger("attempts") >= 3, true);
    assertThat(first(invitations, meeting, host).getString("status")).isEqualTo("pending");

    recovered = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    recovered.start();

    assertThat(recovered.waitForIncomingEmail(15_000, 1)).as("the mail arrives once the server is back").isTrue();
    assertThat(recovered.getReceivedMessages()[0].getSubject()).isEqualTo("Hanna invited you: Outage");
    eventually(() -> first(invitations, meeting, host).getString("status"), "sent");
  }

  @Test
  @DisplayName("A mail that cannot be delivered after every attempt is marked failed, never dropped")
  void markedFailed(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp unused) throws Exception {
    InvitationService invitations = deploy(mongo, redis, unused, freePort(), 3);
    Caller host = host();
    JsonObject meeting = await(MeetingService.createProxy(vertx).create(new JsonObject().put("title", "Outage"), host));

    await(invitations.invite(meeting.getString("id"), request(address("unlucky")), host));

    eventually(() -> first(invitations, meeting, host).getString("status"), "failed");
    assertThat(first(invitations, meeting, host).getInteger("attempts")).isEqualTo(3);
  }

  private InvitationService deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp, int smtpPort, int maxAttempts)
      throws Exception {
    vertx = Vertx.vertx();
    JsonObject config = TestConfig.forStores(mongo, redis, smtp).put(ParleyConfig.SMTP_PORT, smtpPort)
        .put(Invitations.SCAN_MS, 50).put(Invitations.RETRY_MS, 50).put(Invitations.MAX_ATTEMPTS, maxAttempts);
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    await(Future.all(vertx.deployVerticle(new AuthVerticle(), options), vertx.deployVerticle(new MeetingVerticle(), options)));
    return InvitationService.createProxy(vertx);
  }

  private Caller host() throws Exception {
    Session session = await(AuthService.createProxy(vertx).signup(address("hanna"), "a long enough passphrase", "Hanna",
        Caller.anonymous("test", "192.0.2.1")));
    return new Caller().setUserId(session.getUser().getId()).setDisplayName("Hanna").setRole(Caller.ROLE_USER)
        .setCorrelationId("test");
  }

  private static JsonObject first(InvitationService invitations, JsonObject meeting, Caller host) throws Exception {
    return await(invitations.list(meeting.getString("id"), host)).getJsonArray("items").getJsonObject(0);
  }

  /** @return a loopback port nothing listens on now (the outage); the server comes back on it later */
  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
