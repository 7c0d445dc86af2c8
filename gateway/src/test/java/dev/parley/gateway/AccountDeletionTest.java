package dev.parley.gateway;

import dev.parley.common.ParleyVertx;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.Poll;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** What deleting an account does to what others share with it, through the gateway and the real services. */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Deleting an account")
class AccountDeletionTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final String ADMIN_EMAIL = "admin-" + UUID.randomUUID() + "@parley.test";
  private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).plusDays(30);
  private static Vertx vertx;
  private static GatewayHarness harness;
  private static Http http;
  private static EmbeddedSmtp mail;
  private static String adminToken;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = ParleyVertx.local();
    GatewayHarness created = new GatewayHarness(vertx, mongo, redis, smtp);
    created.config.put(ParleyConfig.ADMIN_EMAILS, ADMIN_EMAIL);
    harness = Http.await(created.deploy());
    http = new Http(harness.client());
    adminToken = http.post("/api/v1/auth/signup", new JsonObject().put("email", ADMIN_EMAIL).put("password", PASSWORD)
        .put("displayName", "Ada Admin").put("refreshTokenTransport", "body")).bodyAsJsonObject().getString("accessToken");
    mail = smtp;
  }

  @AfterAll
  static void close() {
    Http.await(vertx.close());
  }

  private static boolean mailedTo(String address, String subjectStart) {
    try {
      for (MimeMessage message : mail.messages()) {
        var to = message.getRecipients(Message.RecipientType.TO);
        if (to != null && Arrays.stream(to).anyMatch(a -> a.toString().contains(address)) && message.getSubject().startsWith(subjectStart)) {
          return true;
        }
      }
      return false;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName("Its sockets close within 5 s, its future booking is cancelled with a mail, the meeting it hosts ends, its messages show 'Deleted user'")
  void letsGo() throws Exception {
    String[] leoId = new String[1];
    letsGoOnceDeletedBy(leo -> {
      leoId[0] = leo.getJsonObject("user").getString("id");
      return Http.await(harness.client().delete("/api/v1/users/me")
          .putHeader("Authorization", "Bearer " + leo.getString("accessToken"))
          .sendJsonObject(new JsonObject().put("password", PASSWORD)));
    });
    JsonObject entry = http.getWithToken("/api/v1/admin/audit?target=" + leoId[0], adminToken).bodyAsJsonObject()
        .getJsonArray("items").getJsonObject(0);
    assertThat(entry.getString("action")).isEqualTo("user.deleted");
    assertThat(entry.getJsonObject("actor").getString("id")).as("deleted by its owner").isEqualTo(leoId[0]);
  }

  @Test
  @DisplayName("An admin's DELETE /admin/users/{id} lets go the same way and is audited; a second delete is 404; the last admin cannot be deleted (409)")
  void deletedByAnAdmin() throws Exception {
    String adminId = http.getWithToken("/api/v1/users/me", adminToken).bodyAsJsonObject().getString("id");
    String[] leoId = new String[1];
    letsGoOnceDeletedBy(leo -> {
      leoId[0] = leo.getJsonObject("user").getString("id");
      assertThat(deleteAsAdmin(leoId[0], leo.getString("accessToken")).statusCode()).as("a user may not").isEqualTo(403);
      return deleteAsAdmin(leoId[0], adminToken);
    });

    assertThat(deleteAsAdmin(leoId[0], adminToken).statusCode()).isEqualTo(404);
    assertThat(http.getWithToken("/api/v1/admin/users/" + leoId[0], adminToken).statusCode()).isEqualTo(404);
    JsonObject entry = http.getWithToken("/api/v1/admin/audit?target=" + leoId[0], adminToken).bodyAsJsonObject()
        .getJsonArray("items").getJsonObject(0);
    assertThat(entry.getString("action")).isEqualTo("user.deleted");
    assertThat(entry.getJsonObject("actor").getString("id")).isEqualTo(adminId);
    HttpResponse<Buffer> last = deleteAsAdmin(adminId, adminToken);
    assertThat(last.statusCode()).isEqualTo(409);
    assertThat(http.getWithToken("/api/v1/users/me", adminToken).statusCode()).as("the last admin is still there").isEqualTo(200);
  }

  private static HttpResponse<Buffer> deleteAsAdmin(String userId, String token) {
    return Http.await(harness.client().delete("/api/v1/admin/users/" + userId).putHeader("Authorization", "Bearer " + token).send());
  }

  /** Leo books Olga's slot, hosts a meeting Olga joined and writes to her; then {@code deletion} deletes Leo. */
  private static void letsGoOnceDeletedBy(Function<JsonObject, HttpResponse<Buffer>> deletion) throws Exception {
    JsonObject olga = http.signup("Olga Owner");
    JsonObject leo = http.signup("Leo Leaving");
    String olgaToken = olga.getString("accessToken");
    String leoToken = leo.getString("accessToken");
    String leoId = leo.getJsonObject("user").getString("id");

    String eventId = http.postWithToken("/api/v1/events", olgaToken, new JsonObject().put("title", "Office hours")
        .put("startDate", DAY.toString()).put("endDate", DAY.toString()).put("timeZone", "Europe/Berlin"))
        .bodyAsJsonObject().getString("id");
    String slotId = http.postWithToken("/api/v1/events/" + eventId + "/timeslots", olgaToken, new JsonObject().put("series",
            new JsonObject().put("dates", new JsonArray().add(DAY.toString())).put("from", "09:00").put("to", "09:30").put("minutes", 30)))
        .bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id");
    assertThat(http.postWithToken("/api/v1/events/" + eventId + "/timeslots/" + slotId + "/booking", leoToken, new JsonObject())
        .statusCode()).isIn(200, 201);
    JsonObject meeting = http.postWithToken("/api/v1/meetings", leoToken, new JsonObject().put("title", "Leo's")).bodyAsJsonObject();
    assertThat(http.postWithToken("/api/v1/meetings/join/" + meeting.getString("joinCode"), olgaToken, new JsonObject()).statusCode())
        .isEqualTo(200);
    assertThat(http.postWithToken("/api/v1/conversations/" + olga.getJsonObject("user").getString("id") + "/messages", leoToken,
        new JsonObject().put("clientMessageId", "bye-1").put("text", "Goodbye")).statusCode()).isEqualTo(201);
    TestSocket leoSocket = TestSocket.authenticated(vertx, harness.port(), leoToken);

    Instant deletedAt = Instant.now();
    HttpResponse<Buffer> deleted = deletion.apply(leo);
    assertThat(deleted.statusCode()).as(deleted.bodyAsString()).isEqualTo(204);

    assertThat(leoSocket.awaitClose()).isEqualTo((short) 4401);
    assertThat(Duration.between(deletedAt, Instant.now())).isLessThan(Duration.ofSeconds(5));
    Poll.until("a cancellation mail to the owner", () -> mailedTo(olga.getString("email"), "Cancel"));
    Poll.until("Leo's meeting ended", () -> "ended".equals(http.getWithToken("/api/v1/meetings/" + meeting.getString("id"), olgaToken)
        .bodyAsJsonObject().getString("status")));
    Poll.until("the message shows 'Deleted user'", () -> http.getWithToken("/api/v1/conversations/" + leoId + "/messages", olgaToken)
        .bodyAsJsonObject().getJsonArray("messages").getJsonObject(0).getString("senderName").equals("Deleted user"));
    JsonObject slots = http.getWithToken("/api/v1/events/" + eventId + "/timeslots?from=" + DAY + "T00:00:00Z&to=" + DAY.plusDays(1)
        + "T00:00:00Z", olgaToken).bodyAsJsonObject();
    assertThat(slots.getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("open");
  }
}
