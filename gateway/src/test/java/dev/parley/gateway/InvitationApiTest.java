package dev.parley.gateway;

import dev.parley.common.ParleyVertx;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The invitation REST operations through the gateway, against the real meeting and auth services. */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Invitations over REST")
class InvitationApiTest {

  private static Vertx vertx;
  private static GatewayHarness harness;
  private Http http;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = ParleyVertx.local();
    harness = Http.await(new GatewayHarness(vertx, mongo, redis, smtp).deploy());
  }

  @AfterAll
  static void close() {
    Http.await(vertx.close());
  }

  @BeforeEach
  void client() {
    http = new Http(harness.client());
  }

  @Test
  @DisplayName("A host invites, lists the invitation with its status and revokes it")
  void inviteListRevoke() {
    String host = http.signup("Host Hannah").getString("accessToken");
    String meetingId = meeting(host, new JsonObject().put("title", "Sync").put("startsAt", "2030-05-01T09:30:00Z")
        .put("durationMinutes", 30));

    HttpResponse<Buffer> invited = http.postWithToken(path(meetingId), host, invitation(address(), address()));
    assertThat(invited.statusCode()).as(invited.bodyAsString()).isEqualTo(202);
    JsonArray items = invited.bodyAsJsonObject().getJsonArray("items");
    assertThat(items).hasSize(2);
    String first = items.getJsonObject(0).getString("id");

    HttpResponse<Buffer> listed = http.getWithToken(path(meetingId), host);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.bodyAsJsonObject().getJsonArray("items")).hasSize(2);

    assertThat(http.deleteWithToken(path(meetingId) + "/" + first, host).statusCode()).isEqualTo(204);
    assertThat(http.getWithToken(path(meetingId), host).bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    assertThat(http.deleteWithToken(path(meetingId) + "/" + first, host).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("The meeting answers startsAt and durationMinutes as given")
  void schedule() {
    String host = http.signup("Host Hannah").getString("accessToken");
    String meetingId = meeting(host, new JsonObject().put("title", "Sync").put("startsAt", "2030-05-01T11:30:00+02:00")
        .put("durationMinutes", 30));
    JsonObject meeting = http.getWithToken("/api/v1/meetings/" + meetingId, host).bodyAsJsonObject();
    assertThat(meeting.getString("startsAt")).isEqualTo("2030-05-01T09:30:00Z");
    assertThat(meeting.getString("scheduledStart")).isEqualTo("2030-05-01T09:30:00Z");
    assertThat(meeting.getInteger("durationMinutes")).isEqualTo(30);
  }

  @Test
  @DisplayName("51 addresses are refused with 400 problem+json, and so is an address that is not one")
  void tooMany() {
    String host = http.signup("Host Hannah").getString("accessToken");
    String meetingId = meeting(host, new JsonObject().put("title", "Sync"));

    HttpResponse<Buffer> many = http.postWithToken(path(meetingId), host,
        invitation(IntStream.range(0, 51).mapToObj(i -> address()).toArray(String[]::new)));
    assertThat(many.statusCode()).isEqualTo(400);
    assertThat(many.getHeader("content-type")).startsWith("application/problem+json");
    HttpResponse<Buffer> invalid = http.postWithToken(path(meetingId), host, invitation("not an address"));
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.bodyAsJsonObject().getString("field")).isEqualTo("emails[0]");
  }

  @Test
  @DisplayName("A participant gets 403, a stranger 404 and an anonymous caller 401")
  void refusals() {
    String host = http.signup("Host Hannah").getString("accessToken");
    String participant = http.signup("Paul").getString("accessToken");
    String meetingId = meeting(host, new JsonObject().put("title", "Sync"));
    String joinCode = http.getWithToken("/api/v1/meetings/" + meetingId, host).bodyAsJsonObject().getString("joinCode");
    assertThat(http.postWithToken("/api/v1/meetings/join/" + joinCode, participant, new JsonObject()).statusCode()).isEqualTo(200);

    assertThat(http.postWithToken(path(meetingId), participant, invitation(address())).statusCode()).isEqualTo(403);
    assertThat(http.postWithToken(path(meetingId), http.signup("Sam").getString("accessToken"), invitation(address()))
        .statusCode()).isEqualTo(404);
    assertThat(http.post(path(meetingId), invitation(address())).statusCode()).isEqualTo(401);
  }

  private String meeting(String token, JsonObject draft) {
    HttpResponse<Buffer> created = http.postWithToken("/api/v1/meetings", token, draft);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }

  private static String path(String meetingId) {
    return "/api/v1/meetings/" + meetingId + "/invitations";
  }

  private static JsonObject invitation(String... emails) {
    return new JsonObject().put("emails", new JsonArray(java.util.List.of(emails)));
  }

  private static String address() {
    return "invitee+" + UUID.randomUUID() + "@parley.test";
  }
}
