package dev.parley.gateway;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.common.ParleyVertx;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.jwt.AccessTokenVerifier;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduling REST operations and {@code event.*} WebSocket frames through the gateway. */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Scheduling through the gateway")
class SchedulingApiTest {

  private static Vertx vertx;
  private static GatewayHarness harness;
  private static WebClient client;
  /** A day a month ahead, so that every slot lies in the future (the services use the real clock here). */
  private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).plusDays(30);

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = ParleyVertx.local();
    harness = Http.await(new GatewayHarness(vertx, mongo, redis, smtp).deploy());
    client = harness.client();
  }

  @AfterAll
  static void close() {
    Http.await(vertx.close());
  }

  @Test
  @DisplayName("An owner creates an event and slots, reads them by range, and deletes one; the API speaks ISO-8601 with offsets")
  void ownerFlow() throws Exception {
    String owner = token("Olga");
    HttpResponse<Buffer> created = send(HttpMethod.POST, "/api/v1/events", owner, eventDraft());
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String eventId = created.bodyAsJsonObject().getString("id");
    assertThat(created.getHeader("Location")).isEqualTo("/api/v1/events/" + eventId);
    assertThat(send(HttpMethod.GET, "/api/v1/events?page=1&size=5", owner, null).bodyAsJsonObject().getLong("total")).isEqualTo(1);

    HttpResponse<Buffer> slots = send(HttpMethod.POST, "/api/v1/events/" + eventId + "/timeslots", owner,
        new JsonObject().put("series", new JsonObject().put("dates", new JsonArray().add(DAY.toString()))
            .put("from", "09:00").put("to", "10:00").put("minutes", 30)));
    assertThat(slots.statusCode()).as(slots.bodyAsString()).isEqualTo(201);
    assertThat(slots.bodyAsJsonObject().getJsonArray("items")).hasSize(2);
    String slotId = slots.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id");

    HttpResponse<Buffer> listed = send(HttpMethod.GET, "/api/v1/events/" + eventId + "/timeslots?from=" + DAY + "T00:00:00%2B02:00&to="
        + DAY.plusDays(1) + "T00:00:00Z", owner, null);
    assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(200);
    assertThat(listed.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("start"))
        .isEqualTo(ZonedDateTime.of(DAY, LocalTime.of(9, 0), ZoneId.of("Europe/Berlin")).toInstant().toString());

    assertThat(send(HttpMethod.DELETE, "/api/v1/events/" + eventId + "/timeslots/" + slotId, owner, null).statusCode()).isEqualTo(204);
    assertThat(send(HttpMethod.GET, "/api/v1/events/" + eventId, owner, null).bodyAsJsonObject().getString("timeZone"))
        .isEqualTo("Europe/Berlin");
  }

  @Test
  @DisplayName("Malformed dates, overlapping slots, slots outside the range and booking one's own slot get 4xx problems and change nothing")
  void refusals() throws Exception {
    String owner = token("Olga");
    String eventId = send(HttpMethod.POST, "/api/v1/events", owner, eventDraft()).bodyAsJsonObject().getString("id");
    String path = "/api/v1/events/" + eventId + "/timeslots";
    String slotId = send(HttpMethod.POST, path, owner, slot(DAY + "T10:00:00+02:00", DAY + "T11:00:00+02:00"))
        .bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id");

    assertProblem(send(HttpMethod.POST, path, owner, slot(DAY + "T12:00:00", DAY + "T13:00:00+02:00")), 400, "start");
    assertProblem(send(HttpMethod.POST, path, owner, slot("tomorrow", DAY + "T13:00:00+02:00")), 400, "start");
    assertProblem(send(HttpMethod.POST, path, owner, slot(DAY.plusDays(5) + "T10:00:00Z", DAY.plusDays(5) + "T11:00:00Z")), 400, "start");
    assertProblem(send(HttpMethod.GET, path + "?from=yesterday&to=" + DAY + "T00:00:00Z", owner, null), 400, "from");
    assertProblem(send(HttpMethod.POST, "/api/v1/events", owner, eventDraft().put("startDate", "01/02/2030")), 400, "startDate");
    HttpResponse<Buffer> overlap = send(HttpMethod.POST, path, owner, slot(DAY + "T10:30:00+02:00", DAY + "T11:30:00+02:00"));
    assertProblem(overlap, 409, null);
    assertThat(overlap.bodyAsJsonObject().getString("detail")).contains("overlaps");
    HttpResponse<Buffer> own = send(HttpMethod.POST, path + "/" + slotId + "/booking", owner, null);
    assertProblem(own, 403, null);
    assertThat(own.bodyAsJsonObject().getString("detail")).contains("own timeslot");

    JsonArray items = send(HttpMethod.GET, path + "?from=" + DAY + "T00:00:00Z&to=" + DAY.plusDays(7) + "T00:00:00Z", owner, null)
        .bodyAsJsonObject().getJsonArray("items");
    assertThat(items).hasSize(1);
    assertThat(items.getJsonObject(0).getString("status")).isEqualTo("open");
    assertThat(send(HttpMethod.GET, path + "?from=" + DAY + "T00:00:00Z&to=" + DAY.plusDays(1) + "T00:00:00Z", null, null).statusCode())
        .isEqualTo(401);
  }

  @Test
  @DisplayName("100 concurrent booking requests for one slot: exactly one 201 and 99 × 409, and one booking stored")
  void hundredConcurrentBookings() throws Exception {
    String owner = token("Olga");
    String eventId = send(HttpMethod.POST, "/api/v1/events", owner, eventDraft()).bodyAsJsonObject().getString("id");
    String path = "/api/v1/events/" + eventId + "/timeslots";
    String slotId = send(HttpMethod.POST, path, owner, slot(DAY + "T14:00:00Z", DAY + "T14:30:00Z"))
        .bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id");
    List<String> bookers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      bookers.add(token("Booker " + i));
    }

    List<Future<HttpResponse<Buffer>>> attempts = bookers.stream()
        .map(booker -> client.request(HttpMethod.POST, path + "/" + slotId + "/booking")
            .putHeader("Authorization", "Bearer " + booker).send())
        .toList();
    Http.await(Future.join(new ArrayList<>(attempts)));

    List<Integer> statuses = attempts.stream().map(f -> f.result().statusCode()).toList();
    assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
    assertThat(statuses.stream().filter(s -> s == 409)).hasSize(99);
    assertThat(attempts.stream().map(f -> f.result()).filter(r -> r.statusCode() == 409)
        .map(r -> r.bodyAsJsonObject().getString("detail"))).allMatch(detail -> detail.contains("already booked"));
    JsonArray seen = send(HttpMethod.GET, path + "?from=" + DAY + "T00:00:00Z&to=" + DAY.plusDays(1) + "T00:00:00Z", owner, null)
        .bodyAsJsonObject().getJsonArray("items");
    assertThat(seen).hasSize(1);
    assertThat(seen.getJsonObject(0).getString("status")).isEqualTo("booked");
    String winner = attempts.stream().map(f -> f.result()).filter(r -> r.statusCode() == 201).findFirst().orElseThrow()
        .bodyAsJsonObject().getJsonObject("booker").getString("id");
    assertThat(seen.getJsonObject(0).getJsonObject("booker").getString("id")).isEqualTo(winner);
  }

  @Test
  @DisplayName("Subscribed viewers see slots created, booked and unbooked live: the owner with the booker, others without, the booker as theirs")
  void liveUpdates() throws Exception {
    String ownerId = UUID.randomUUID().toString();
    String bookerId = UUID.randomUUID().toString();
    String owner = token(ownerId, "Olga");
    String booker = token(bookerId, "Bea");
    String visitor = token("Vic");
    String eventId = send(HttpMethod.POST, "/api/v1/events", owner, eventDraft()).bodyAsJsonObject().getString("id");
    TestSocket ownerSocket = TestSocket.authenticated(vertx, harness.port(), owner);
    TestSocket bookerSocket = TestSocket.authenticated(vertx, harness.port(), booker);
    TestSocket visitorSocket = TestSocket.authenticated(vertx, harness.port(), visitor);
    for (TestSocket socket : List.of(ownerSocket, bookerSocket, visitorSocket)) {
      JsonObject reply = socket.request("event.subscribe", new JsonObject().put("eventId", eventId));
      assertThat(reply.getBoolean("ok")).as(reply.encode()).isTrue();
    }
    assertThat(visitorSocket.request("event.subscribe", new JsonObject().put("eventId", "no-such-event"))
        .getJsonObject("error").getString("code")).isEqualTo("not_found");

    String path = "/api/v1/events/" + eventId + "/timeslots";
    String slotId = send(HttpMethod.POST, path, owner, slot(DAY + "T16:00:00Z", DAY + "T16:30:00Z"))
        .bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id");
    for (TestSocket socket : List.of(ownerSocket, bookerSocket, visitorSocket)) {
      JsonObject push = socket.next();
      assertThat(push.getString("type")).isEqualTo("event.slot-created");
      assertThat(push.getJsonObject("data").getJsonArray("slots").getJsonObject(0).getString("id")).isEqualTo(slotId);
    }

    assertThat(send(HttpMethod.POST, path + "/" + slotId + "/booking", booker, null).statusCode()).isEqualTo(201);
    JsonObject toOwner = slotOf(ownerSocket.next(), "event.slot-booked");
    JsonObject toBooker = slotOf(bookerSocket.next(), "event.slot-booked");
    JsonObject toVisitor = slotOf(visitorSocket.next(), "event.slot-booked");
    assertThat(toOwner.getJsonObject("booker").getString("id")).isEqualTo(bookerId);
    assertThat(toBooker.getBoolean("mine")).isTrue();
    assertThat(toVisitor.getString("status")).isEqualTo("booked");
    assertThat(toVisitor.containsKey("booker")).isFalse();
    assertThat(toVisitor.encode()).doesNotContain(bookerId).doesNotContain("Bea");

    assertThat(send(HttpMethod.DELETE, path + "/" + slotId + "/booking", booker, null).statusCode()).isEqualTo(204);
    assertThat(slotOf(visitorSocket.next(), "event.slot-unbooked").getString("status")).isEqualTo("open");
    assertThat(visitorSocket.request("event.unsubscribe", new JsonObject().put("eventId", eventId)).getBoolean("ok")).isTrue();
    assertThat(send(HttpMethod.DELETE, path + "/" + slotId, owner, null).statusCode()).isEqualTo(204);
    assertThat(slotOf(ownerSocket.next(), "event.slot-unbooked").getString("status")).isEqualTo("open");
    assertThat(slotOf(ownerSocket.next(), "event.slot-deleted").getString("id")).isEqualTo(slotId);
    assertThat(visitorSocket.nothingWithin(300)).as("unsubscribed").isTrue();
    for (TestSocket socket : List.of(ownerSocket, bookerSocket, visitorSocket)) {
      socket.close();
    }
  }

  @Test
  @DisplayName("Owner and booker join a booked slot's call inside its window; outside it the join names the window; a stranger can neither join the slot nor enter its room")
  void joinCall() throws Exception {
    String owner = token("Olga");
    String booker = token("Bea");
    String stranger = token("Sam");
    LocalDate today = LocalDate.now(ZoneId.of("Europe/Berlin"));
    String eventId = send(HttpMethod.POST, "/api/v1/events", owner, new JsonObject().put("title", "Quick chat")
        .put("startDate", today.toString()).put("endDate", today.plusDays(40).toString()).put("timeZone", "Europe/Berlin"))
        .bodyAsJsonObject().getString("id");
    String path = "/api/v1/events/" + eventId + "/timeslots";
    Instant soon = Instant.now().plusSeconds(300).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String now = send(HttpMethod.POST, path, owner, slot(soon.toString(), soon.plusSeconds(1800).toString()))
        .bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id");
    String later = send(HttpMethod.POST, path, owner, slot(DAY + "T18:00:00Z", DAY + "T18:30:00Z"))
        .bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id");
    assertThat(send(HttpMethod.POST, path + "/" + now + "/booking", booker, null).statusCode()).isEqualTo(201);
    assertThat(send(HttpMethod.POST, path + "/" + later + "/booking", booker, null).statusCode()).isEqualTo(201);

    HttpResponse<Buffer> forBooker = send(HttpMethod.POST, path + "/" + now + "/join", booker, null);
    HttpResponse<Buffer> forOwner = send(HttpMethod.POST, path + "/" + now + "/join", owner, null);
    assertThat(forBooker.statusCode()).as(forBooker.bodyAsString()).isEqualTo(200);
    assertThat(forOwner.bodyAsJsonObject().getString("meetingId")).isEqualTo(forBooker.bodyAsJsonObject().getString("meetingId"));
    assertProblem(send(HttpMethod.POST, path + "/" + now + "/join", stranger, null), 404, null);
    HttpResponse<Buffer> tooEarly = send(HttpMethod.POST, path + "/" + later + "/join", booker, null);
    assertProblem(tooEarly, 409, null);
    assertThat(tooEarly.bodyAsJsonObject().getString("detail")).contains(DAY + "T17:50:00Z").contains(DAY + "T18:30:00Z");

    String meetingId = forBooker.bodyAsJsonObject().getString("meetingId");
    TestSocket bookerSocket = TestSocket.authenticated(vertx, harness.port(), booker);
    TestSocket strangerSocket = TestSocket.authenticated(vertx, harness.port(), stranger);
    assertThat(bookerSocket.request("room.join", new JsonObject().put("meetingId", meetingId)).getBoolean("ok")).isTrue();
    JsonObject refused = strangerSocket.request("room.join", new JsonObject().put("meetingId", meetingId));
    assertThat(refused.getBoolean("ok")).isFalse();
    assertThat(refused.getJsonObject("error").getString("code")).isIn("not_found", "forbidden");
    bookerSocket.close();
    strangerSocket.close();
  }

  private static JsonObject slotOf(JsonObject push, String type) {
    assertThat(push.getString("type")).as(push.encode()).isEqualTo(type);
    return push.getJsonObject("data").getJsonArray("slots").getJsonObject(0);
  }

  private static JsonObject eventDraft() {
    return new JsonObject().put("title", "Office hours").put("startDate", DAY.toString()).put("endDate", DAY.plusDays(2).toString())
        .put("timeZone", "Europe/Berlin");
  }

  private static JsonObject slot(String start, String end) {
    return new JsonObject().put("start", start).put("end", end);
  }

  private static HttpResponse<Buffer> send(HttpMethod method, String path, String token, JsonObject body) {
    var request = client.request(method, path);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return Http.await(body == null ? request.send() : request.sendJsonObject(body));
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String field) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("content-type")).isEqualTo("application/problem+json");
    if (field != null) {
      assertThat(response.bodyAsJsonObject().getString("field")).as(response.bodyAsString()).isEqualTo(field);
    }
  }

  /** @return an access token the gateway accepts, for a new account id (no sign-up needed) */
  private static String token(String name) throws Exception {
    return token(UUID.randomUUID().toString(), name);
  }

  private static String token(String userId, String name) throws Exception {
    ECKey key = harness.signingKey();
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(userId).issuer(harness.issuer()).audience(AccessTokenVerifier.AUDIENCE)
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600))).claim("role", "user").claim("name", name).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(AccessTokenVerifier.TYPE).build(), claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }
}
