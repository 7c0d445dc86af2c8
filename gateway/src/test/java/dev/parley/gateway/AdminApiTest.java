package dev.parley.gateway;

import dev.parley.common.ParleyVertx;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.gateway.ws.AccountChanges;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 19's administration through the public API: who may administer, disabling, roles, audit, live rooms. */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
class AdminApiTest {

  private static final String ADMIN_EMAIL = "admin-" + UUID.randomUUID() + "@parley.test";
  private static final String PASSWORD = "correct horse battery staple";
  private static Vertx vertx;
  private static GatewayHarness harness;
  private static Http http;
  private static String adminToken;
  private static String adminId;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = ParleyVertx.local();
    GatewayHarness created = new GatewayHarness(vertx, mongo, redis, smtp);
    created.config.put(ParleyConfig.ADMIN_EMAILS, " " + ADMIN_EMAIL.toUpperCase() + " , other@parley.test");
    harness = Http.await(created.deploy());
    http = new Http(harness.client());
    JsonObject admin = http.post("/api/v1/auth/signup", new JsonObject().put("email", ADMIN_EMAIL).put("password", PASSWORD)
        .put("displayName", "Ada Admin").put("refreshTokenTransport", "body")).bodyAsJsonObject();
    adminToken = admin.getString("accessToken");
    adminId = admin.getJsonObject("user").getString("id");
  }

  @AfterAll
  static void close() {
    Http.await(vertx.close());
  }

  private static HttpResponse<Buffer> send(HttpMethod method, String path, String token, JsonObject body) {
    var request = harness.client().request(method, path);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return Http.await(body == null ? request.send() : request.sendJsonObject(body));
  }

  private static JsonObject patch(String userId, JsonObject changes) {
    HttpResponse<Buffer> response = send(HttpMethod.PATCH, "/api/v1/admin/users/" + userId, adminToken, changes);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static JsonArray audit(String target) {
    return send(HttpMethod.GET, "/api/v1/admin/audit?target=" + target, adminToken, null).bodyAsJsonObject().getJsonArray("items");
  }

  private static JsonObject login(String email) {
    return http.post("/api/v1/auth/login", new JsonObject().put("email", email).put("password", PASSWORD)
        .put("refreshTokenTransport", "body")).bodyAsJsonObject();
  }

  @Test
  @DisplayName("An account listed in PARLEY_ADMIN_EMAILS is an admin from sign-up; its token says so")
  void adminByConfiguration() {
    assertThat(http.getWithToken("/api/v1/users/me", adminToken).bodyAsJsonObject().getString("role")).isEqualTo("admin");
  }

  @Test
  @DisplayName("Every /admin operation: 401 anonymous, 403 for users and guests, allowed to admins; an edited role claim is 401")
  void authorizationMatrix() {
    String userToken = http.signup("Plain User").getString("accessToken");
    JsonObject meeting = http.postWithToken("/api/v1/meetings", userToken, new JsonObject().put("title", "Guests")).bodyAsJsonObject();
    String guestToken = http.post("/api/v1/meetings/join/" + meeting.getString("joinCode"), new JsonObject().put("displayName", "Gus"))
        .bodyAsJsonObject().getString("guestToken");
    String[] parts = userToken.split("\\.");
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]))).put("role", "admin");
    String edited = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.encode().getBytes()) + "." + parts[2];
    List<Object[]> operations = List.of(
        new Object[] {HttpMethod.GET, "/api/v1/admin/users", null},
        new Object[] {HttpMethod.GET, "/api/v1/admin/users/" + adminId, null},
        new Object[] {HttpMethod.PATCH, "/api/v1/admin/users/" + adminId, new JsonObject().put("role", "admin")},
        new Object[] {HttpMethod.GET, "/api/v1/admin/audit", null},
        new Object[] {HttpMethod.GET, "/api/v1/admin/rooms", null},
        new Object[] {HttpMethod.POST, "/api/v1/admin/rooms/" + meeting.getString("id") + "/end", null});
    for (Object[] op : operations) {
      HttpMethod method = (HttpMethod) op[0];
      String path = (String) op[1];
      JsonObject body = (JsonObject) op[2];
      assertThat(send(method, path, null, body).statusCode()).as("anonymous " + path).isEqualTo(401);
      assertThat(send(method, path, edited, body).statusCode()).as("edited token " + path).isEqualTo(401);
      assertThat(send(method, path, userToken, body).statusCode()).as("user " + path).isEqualTo(403);
      assertThat(send(method, path, guestToken, body).statusCode()).as("guest " + path).isEqualTo(403);
      if (!path.endsWith("/end")) {
        assertThat(send(method, path, adminToken, body).statusCode()).as("admin " + path).isEqualTo(200);
      }
    }
  }

  @Test
  @DisplayName("Disabling an account closes its sockets with session.revoked, refuses its tokens, refresh, sign-in and messages to it; enabling restores sign-in")
  void disableAndEnable() {
    String email = "dora-" + UUID.randomUUID() + "@parley.test";
    JsonObject dora = http.post("/api/v1/auth/signup", new JsonObject().put("email", email).put("password", PASSWORD)
        .put("displayName", "Dora").put("refreshTokenTransport", "body")).bodyAsJsonObject();
    String doraId = dora.getJsonObject("user").getString("id");
    TestSocket socket = TestSocket.authenticated(vertx, harness.port(), dora.getString("accessToken"));
    String someone = http.signup("Someone Else").getString("accessToken");
    assertThat(http.postWithToken("/api/v1/conversations/" + doraId + "/messages", someone,
        new JsonObject().put("clientMessageId", "d0").put("text", "hi Dora")).statusCode()).isEqualTo(201);

    assertThat(patch(doraId, new JsonObject().put("disabled", true)).getBoolean("disabled")).isTrue();

    assertThat(socket.nextOfType("session.revoked").getJsonObject("data").getString("reason")).isEqualTo("disabled");
    assertThat(socket.awaitClose()).isEqualTo(AccountChanges.CLOSE_REVOKED);
    assertThat(http.getWithToken("/api/v1/users/me", dora.getString("accessToken")).statusCode()).isEqualTo(401);
    assertThat(http.post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", dora.getString("refreshToken"))).statusCode())
        .isEqualTo(401);
    HttpResponse<Buffer> signIn = http.post("/api/v1/auth/login", new JsonObject().put("email", email).put("password", PASSWORD));
    assertThat(signIn.statusCode()).isEqualTo(403);
    assertThat(signIn.bodyAsJsonObject().getString("detail")).contains("disabled");

    HttpResponse<Buffer> message = http.postWithToken("/api/v1/conversations/" + doraId + "/messages", someone,
        new JsonObject().put("clientMessageId", "d1").put("text", "are you there?"));
    assertThat(message.statusCode()).isEqualTo(404);
    assertThat(message.bodyAsJsonObject().getString("detail")).isEqualTo("That account is disabled.");

    patch(doraId, new JsonObject().put("disabled", false));
    JsonObject back = login(email);
    assertThat(http.getWithToken("/api/v1/users/me", back.getString("accessToken")).statusCode()).isEqualTo(200);
    assertThat(audit(doraId).stream().map(e -> ((JsonObject) e).getString("action")).toList())
        .containsExactly("user.enabled", "user.disabled");
    JsonObject entry = audit(doraId).getJsonObject(1);
    assertThat(entry.getJsonObject("actor").getString("id")).isEqualTo(adminId);
  }

  @Test
  @DisplayName("A disabled account in a call leaves it at once: the others see it leave, without the reconnection grace")
  void disabledLeavesTheCall() {
    JsonObject host = http.signup("Call Host");
    JsonObject meeting = http.postWithToken("/api/v1/meetings", host.getString("accessToken"), new JsonObject().put("title", "Call"))
        .bodyAsJsonObject();
    JsonObject member = http.signup("Call Member");
    http.postWithToken("/api/v1/meetings/join/" + meeting.getString("joinCode"), member.getString("accessToken"), new JsonObject());
    TestSocket hostSocket = TestSocket.authenticated(vertx, harness.port(), host.getString("accessToken"));
    TestSocket memberSocket = TestSocket.authenticated(vertx, harness.port(), member.getString("accessToken"));
    JsonObject join = new JsonObject().put("meetingId", meeting.getString("id"));
    assertThat(hostSocket.request("room.join", join).getBoolean("ok")).isTrue();
    assertThat(memberSocket.request("room.join", join).getBoolean("ok")).isTrue();

    patch(member.getJsonObject("user").getString("id"), new JsonObject().put("disabled", true));

    assertThat(memberSocket.awaitClose()).isEqualTo(AccountChanges.CLOSE_REVOKED);
    JsonObject left = hostSocket.nextOfType("room.member-left").getJsonObject("data");
    assertThat(left.getString("participantId")).isEqualTo(member.getJsonObject("user").getString("id"));
    assertThat(http.getWithToken("/api/v1/meetings/" + meeting.getString("id") + "/participants", host.getString("accessToken"))
        .bodyAsJsonObject().getJsonArray("items")).hasSize(1);
  }

  @Test
  @DisplayName("A promoted user's live socket is told at once; the last enabled admin can be neither demoted nor disabled (409)")
  void rolesAndTheLastAdmin() {
    JsonObject eve = http.signup("Eve Promoted");
    String eveId = eve.getJsonObject("user").getString("id");
    TestSocket socket = TestSocket.authenticated(vertx, harness.port(), eve.getString("accessToken"));
    patch(eveId, new JsonObject().put("role", "admin"));
    assertThat(socket.nextOfType("session.updated").getJsonObject("data").getString("role")).isEqualTo("admin");
    JsonObject refreshed = http.post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", eve.getString("refreshToken")))
        .bodyAsJsonObject();
    assertThat(send(HttpMethod.GET, "/api/v1/admin/users", refreshed.getString("accessToken"), null).statusCode()).isEqualTo(200);
    patch(eveId, new JsonObject().put("role", "user"));
    assertThat(socket.nextOfType("session.updated").getJsonObject("data").getString("role")).isEqualTo("user");
    assertThat(audit(eveId)).hasSize(2);

    HttpResponse<Buffer> demote = send(HttpMethod.PATCH, "/api/v1/admin/users/" + adminId, adminToken, new JsonObject().put("role", "user"));
    assertThat(demote.statusCode()).isEqualTo(409);
    assertThat(send(HttpMethod.PATCH, "/api/v1/admin/users/" + adminId, adminToken, new JsonObject().put("disabled", true))
        .statusCode()).isEqualTo(409);
    assertThat(send(HttpMethod.PATCH, "/api/v1/admin/users/" + adminId, adminToken, new JsonObject().put("role", "root"))
        .statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("Users are found by email prefix or id and filtered by role and status; a page has a cursor to the next")
  void listUsers() {
    String tag = "list-" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 3; i++) {
      http.post("/api/v1/auth/signup", new JsonObject().put("email", tag + "-" + i + "@parley.test").put("password", PASSWORD)
          .put("displayName", "Listed " + i));
    }
    JsonObject first = send(HttpMethod.GET, "/api/v1/admin/users?q=" + tag + "&limit=2", adminToken, null).bodyAsJsonObject();
    assertThat(first.getJsonArray("items")).hasSize(2);
    JsonObject second = send(HttpMethod.GET, "/api/v1/admin/users?q=" + tag + "&limit=2&cursor=" + first.getString("nextCursor"),
        adminToken, null).bodyAsJsonObject();
    assertThat(second.getJsonArray("items")).hasSize(1);
    assertThat(second.getJsonArray("items").getJsonObject(0).getString("email")).isEqualTo(tag + "-2@parley.test");
    assertThat(send(HttpMethod.GET, "/api/v1/admin/users?role=admin", adminToken, null).bodyAsJsonObject().getJsonArray("items")
        .stream().map(u -> ((JsonObject) u).getString("role")).distinct().toList()).containsExactly("admin");
    assertThat(send(HttpMethod.GET, "/api/v1/admin/users?q=" + adminId, adminToken, null).bodyAsJsonObject()
        .getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(adminId);
    JsonObject one = send(HttpMethod.GET, "/api/v1/admin/users/" + adminId, adminToken, null).bodyAsJsonObject();
    assertThat(one.getJsonObject("counts").getLong("meetings")).isNotNull();
    assertThat(one.containsKey("passwordHash")).isFalse();
  }

  @Test
  @DisplayName("An account's view counts the meetings it hosts, the events it publishes and the messages it wrote")
  void counts() {
    JsonObject carl = http.signup("Carl Counted");
    String token = carl.getString("accessToken");
    String peer = http.signup("Carl's Peer").getJsonObject("user").getString("id");
    http.postWithToken("/api/v1/meetings", token, new JsonObject().put("title", "One"));
    http.postWithToken("/api/v1/events", token, new JsonObject().put("title", "Hours").put("startDate", "2030-01-07")
        .put("endDate", "2030-01-07").put("timeZone", "Europe/Berlin"));
    for (int i = 0; i < 3; i++) {
      assertThat(http.postWithToken("/api/v1/conversations/" + peer + "/messages", token,
          new JsonObject().put("clientMessageId", "c" + i).put("text", "hello " + i)).statusCode()).isEqualTo(201);
    }
    JsonObject counts = send(HttpMethod.GET, "/api/v1/admin/users/" + carl.getJsonObject("user").getString("id"), adminToken, null)
        .bodyAsJsonObject().getJsonObject("counts");
    assertThat(counts).isEqualTo(new JsonObject().put("meetings", 1L).put("events", 1L).put("messages", 3L));
  }

  @Test
  @DisplayName("A live room is listed with its title and count; an admin ends it, everyone in it sees it end, and the log says who")
  void liveRooms() {
    JsonObject host = http.signup("Room Host");
    JsonObject meeting = http.postWithToken("/api/v1/meetings", host.getString("accessToken"), new JsonObject().put("title", "Live one"))
        .bodyAsJsonObject();
    TestSocket socket = TestSocket.authenticated(vertx, harness.port(), host.getString("accessToken"));
    assertThat(socket.request("room.join", new JsonObject().put("meetingId", meeting.getString("id"))).getBoolean("ok")).isTrue();

    JsonArray rooms = send(HttpMethod.GET, "/api/v1/admin/rooms", adminToken, null).bodyAsJsonObject().getJsonArray("items");
    JsonObject room = rooms.stream().map(JsonObject.class::cast).filter(r -> meeting.getString("id").equals(r.getString("meetingId")))
        .findFirst().orElseThrow();
    assertThat(room.getString("title")).isEqualTo("Live one");
    assertThat(room.getInteger("participants")).isEqualTo(1);
    assertThat(room.getString("hostName")).isEqualTo("Room Host");

    assertThat(send(HttpMethod.POST, "/api/v1/admin/rooms/" + meeting.getString("id") + "/end", adminToken, null).statusCode()).isEqualTo(204);
    assertThat(socket.nextOfType("room.ended")).isNotNull();
    assertThat(audit(meeting.getString("id")).getJsonObject(0).getString("action")).isEqualTo("room.ended-by-admin");
    assertThat(send(HttpMethod.GET, "/api/v1/admin/rooms", adminToken, null).bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast).noneMatch(r -> meeting.getString("id").equals(r.getString("meetingId")))).isTrue();
  }

  @Test
  @DisplayName("A host's removal of a participant and an account lockout each leave one audit entry; the log cannot be changed through the API")
  void auditOfOthers() {
    JsonObject host = http.signup("Audited Host");
    JsonObject meeting = http.postWithToken("/api/v1/meetings", host.getString("accessToken"), new JsonObject().put("title", "Audit"))
        .bodyAsJsonObject();
    JsonObject guest = http.post("/api/v1/meetings/join/" + meeting.getString("joinCode"), new JsonObject().put("displayName", "Gone"))
        .bodyAsJsonObject();
    http.deleteWithToken("/api/v1/meetings/" + meeting.getString("id") + "/participants/" + guest.getString("participantId"),
        host.getString("accessToken"));
    JsonArray removal = audit(meeting.getString("id"));
    assertThat(removal).hasSize(1);
    assertThat(removal.getJsonObject(0).getString("action")).isEqualTo("participant.removed");
    assertThat(removal.getJsonObject(0).getJsonObject("details").getString("participantId")).isEqualTo(guest.getString("participantId"));

    JsonObject victim = http.signup("Locked Out");
    for (int i = 0; i < 6; i++) {
      http.post("/api/v1/auth/login", new JsonObject().put("email", victim.getString("email")).put("password", "wrong password " + i));
    }
    JsonArray lockout = audit(victim.getJsonObject("user").getString("id"));
    assertThat(lockout).hasSize(1);
    assertThat(lockout.getJsonObject(0).getString("action")).isEqualTo("login.locked");

    String id = lockout.getJsonObject(0).getString("id");
    for (HttpMethod method : List.of(HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.PUT)) {
      assertThat(send(method, "/api/v1/admin/audit/" + id, adminToken, new JsonObject()).statusCode()).isIn(404, 405);
      assertThat(send(method, "/api/v1/admin/audit", adminToken, new JsonObject()).statusCode()).isIn(404, 405);
    }
    assertThat(audit(victim.getJsonObject("user").getString("id"))).hasSize(1);
  }
}
