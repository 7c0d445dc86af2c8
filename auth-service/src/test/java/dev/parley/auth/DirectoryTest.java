package dev.parley.auth;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.admin.AdminService;
import dev.parley.api.auth.AuthService;
import dev.parley.api.auth.Session;
import dev.parley.common.Clients;
import dev.parley.common.SearchKeys;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.common.testing.Poll;
import dev.parley.common.testing.TestConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The people directory over the event bus, without the chat and meeting services (so nobody is a
 * contact here: contacts are covered through the gateway). Each test gives its people a surname of
 * its own so that tests do not see each other's accounts.
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("The people directory")
class DirectoryTest {

  private static final Caller ANONYMOUS = Caller.anonymous("test", "192.0.2.7");
  private static Vertx vertx;
  private static AuthService auth;
  private static MongoClient mongo;

  @BeforeAll
  static void deploy(EmbeddedMongo embeddedMongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = Vertx.vertx();
    JsonObject config = TestConfig.forStores(embeddedMongo, redis, smtp);
    await(vertx.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(config)));
    auth = AuthService.createProxy(vertx);
    mongo = Clients.mongo(vertx, ParleyConfig.of(config));
  }

  @AfterAll
  static void close() throws Exception {
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** @return a surname made of letters only, unique to the calling test */
  private static String surname() {
    return "Q" + UUID.randomUUID().toString().replaceAll("[^a-f]", "").toLowerCase();
  }

  private static Session signup(String displayName, String localPart) throws Exception {
    return await(auth.signup(localPart + "@" + UUID.randomUUID() + ".parley.test", "a long enough passphrase", displayName, ANONYMOUS));
  }

  private static Caller as(Session session) {
    return new Caller().setUserId(session.getUser().getId()).setRole(Caller.ROLE_USER)
        .setDisplayName(session.getUser().getDisplayName()).setCorrelationId("test");
  }

  /** @return the ids of the first page {@code who} finds for {@code q} (for polling: no checked exception) */
  private static List<String> found(String q, Session who) {
    try {
      return ids(await(auth.directory(q, null, null, as(who))));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("id")).toList();
  }

  private static ErrorCode failure(Future<?> future) throws Exception {
    await(future.otherwiseEmpty());
    return ErrorCode.of(((ServiceException) future.cause()).failureCode());
  }

  @Test
  @DisplayName("A name's middle word finds the person, in any case")
  void middleWord() throws Exception {
    String family = surname();
    Session ann = signup("Ann " + family, "ann");
    Session bob = signup("Robert Middleton " + family, "rob");
    JsonObject page = await(auth.directory("MIDDLE " + family, null, null, as(ann)));
    assertThat(ids(page)).containsExactly(bob.getUser().getId());
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("displayName")).isEqualTo("Robert Middleton " + family);
  }

  @Test
  @DisplayName("An accented name is found when typed without accents")
  void accents() throws Exception {
    String family = surname();
    Session ann = signup("Ann " + family, "ann");
    Session zoe = signup("Zoë Ångström-Łukasz " + family, "zoe");
    assertThat(ids(await(auth.directory("zoe angstrom " + family, null, null, as(ann))))).containsExactly(zoe.getUser().getId());
    assertThat(ids(await(auth.directory("lukasz " + family, null, null, as(ann))))).containsExactly(zoe.getUser().getId());
  }

  @Test
  @DisplayName("An email prefix finds a stranger once it holds the whole local part and '@'; the stranger's email is not shown")
  void emailPrefix() throws Exception {
    String local = "dana." + surname();
    Session ann = signup("Ann " + surname(), "ann");
    Session dana = signup("Dana " + surname(), local);
    String email = dana.getUser().getEmail();

    JsonObject found = await(auth.directory(email.substring(0, local.length() + 3).toUpperCase(), null, null, as(ann)));
    assertThat(ids(found)).containsExactly(dana.getUser().getId());
    assertThat(found.getJsonArray("items").getJsonObject(0).containsKey("email")).isFalse();
    assertThat(ids(await(auth.directory(local.substring(0, local.length() - 2), null, null, as(ann))))).isEmpty();
  }

  @Test
  @DisplayName("Guests and anonymous callers get UNAUTHORIZED")
  void guests() throws Exception {
    Caller guest = new Caller().setUserId("guest-1").setRole(Caller.ROLE_GUEST).setMeetingId("m1");
    assertThat(failure(auth.directory("a", null, null, guest))).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(failure(auth.directory("a", null, null, ANONYMOUS))).isEqualTo(ErrorCode.UNAUTHORIZED);
  }

  @Test
  @DisplayName("A disabled account never appears, whatever is searched")
  void disabled() throws Exception {
    String family = surname();
    Session ann = signup("Ann " + family, "ann");
    Session carl = signup("Carl " + family, "carl");
    Caller admin = new Caller().setUserId("admin-of-the-test").setRole(Caller.ROLE_ADMIN).setDisplayName("Admin");
    await(AdminService.createProxy(vertx).updateUser(carl.getUser().getId(), new JsonObject().put("disabled", true), admin));
    assertThat(ids(await(auth.directory("carl " + family, null, null, as(ann))))).isEmpty();
    assertThat(ids(await(auth.directory(carl.getUser().getEmail(), null, null, as(ann))))).isEmpty();
  }

  @Test
  @DisplayName("A change another auth instance wrote (its directory notice) is in the next search; a deleted account is gone")
  void changesOfOtherInstances() throws Exception {
    String family = surname();
    Session ann = signup("Ann " + family, "ann");
    Session dora = signup("Dora " + family, "dora");
    // As another instance would: write the store, then publish the notice.
    await(mongo.updateCollection("users", new JsonObject().put("_id", dora.getUser().getId()), new JsonObject().put("$set",
        new JsonObject().put("displayName", "Theodora " + family).put("sortName", SearchKeys.sortKey("Theodora " + family))
            .put("nameWords", new JsonArray(SearchKeys.words("Theodora " + family))))));
    vertx.eventBus().publish(Addresses.DIRECTORY_CHANGED, new JsonObject().put("userId", dora.getUser().getId()));
    Poll.until("the renamed account is found by its new name", () -> found("theo " + family, ann).contains(dora.getUser().getId()));
    assertThat(ids(await(auth.directory("dora " + family, null, null, as(ann))))).isEmpty();

    await(mongo.removeDocument("users", new JsonObject().put("_id", dora.getUser().getId())));
    vertx.eventBus().publish(Addresses.DIRECTORY_CHANGED, new JsonObject().put("userId", dora.getUser().getId()));
    Poll.until("the deleted account is gone", () -> found(family, ann).isEmpty());
  }

  @Test
  @DisplayName("Paging returns every match exactly once, in name order, and never the caller")
  void paging() throws Exception {
    String family = surname();
    Session me = signup("Pat " + family, "pat");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      // Same names too: the id breaks ties, so pages never overlap.
      expected.add(signup((i % 3 == 0 ? "Same" : "Name" + (char) ('a' + i)) + " " + family, "p" + i).getUser().getId());
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonObject page = await(auth.directory(family, 5, cursor, as(me)));
      assertThat(page.getJsonArray("items").size()).isLessThanOrEqualTo(5);
      seen.addAll(ids(page));
      cursor = page.getString("nextCursor");
      pages++;
    } while (cursor != null && pages < 20);
    assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  @DisplayName("Regular-expression characters are searched literally: '.*' matches nobody, '(a+)+$' finds exactly what 'a' finds")
  void regexCharacters() throws Exception {
    Session ann = signup("Ann " + surname(), "ann");
    signup("Other " + surname(), "other");
    signup("Aaaa " + surname(), "aaaa");
    assertThat(ids(await(auth.directory("", 50, null, as(ann))))).as("others exist to be wrongly found").isNotEmpty();
    for (String q : List.of(".*", "^", "\\", "$", "|", "{\"$gt\": \"\"}")) {
      assertThat(ids(await(auth.directory(q, 50, null, as(ann))))).as(q).isEmpty();
    }
    assertThat(ids(await(auth.directory("(a+)+$", 50, null, as(ann)))))
        .isNotEmpty()
        .containsExactlyElementsOf(ids(await(auth.directory("a", 50, null, as(ann)))));
  }

  @Test
  @DisplayName("An over-long query, a limit out of range and a forged cursor are refused naming the field")
  void badInput() throws Exception {
    Session ann = signup("Ann " + surname(), "ann");
    for (Future<JsonObject> refused : List.of(auth.directory("a".repeat(1_000_000), null, null, as(ann)),
        auth.directory("a", 51, null, as(ann)), auth.directory("a", 0, null, as(ann)),
        auth.directory("a", null, "not-a-cursor!", as(ann)),
        auth.directory("a", null, java.util.Base64.getUrlEncoder().encodeToString("{\"p\":{\"$gt\":1}}".getBytes()), as(ann)))) {
      assertThat(failure(refused)).isEqualTo(ErrorCode.BAD_REQUEST);
    }
  }
}
