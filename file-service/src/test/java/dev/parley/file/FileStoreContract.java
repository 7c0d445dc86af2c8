package dev.parley.file;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.file.FileService;
import dev.parley.api.meeting.MeetingService;
import dev.parley.auth.AuthVerticle;
import dev.parley.common.Clients;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.common.testing.TestConfig;
import dev.parley.meeting.MeetingVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every blob store meets, through the file service on the event bus (auth and meeting
 * services beside it): each backend's test class extends this and names its store's configuration.
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FileStoreContract {

  static final long MAX_BYTES = 7L << 20;
  static final long QUOTA_BYTES = 9L << 20;

  Vertx vertx;
  FileService files;
  MeetingService meetings;
  BusTransfers transfers;
  MongoClient mongo;

  /** @return {@code PARLEY_*} keys that select and configure the store under test */
  abstract JsonObject storeConfig() throws Exception;

  /** @return how many blobs (finished or partial) the store under test holds */
  abstract long blobCount() throws Exception;

  @BeforeAll
  void deploy(EmbeddedMongo embeddedMongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = Vertx.vertx();
    JsonObject config = TestConfig.forStores(embeddedMongo, redis, smtp).mergeIn(storeConfig())
        .put(FileSettings.MAX_BYTES, MAX_BYTES).put(FileSettings.QUOTA_BYTES, QUOTA_BYTES);
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    await(Future.all(vertx.deployVerticle(new AuthVerticle(), options), vertx.deployVerticle(new MeetingVerticle(), options),
        vertx.deployVerticle(new FileVerticle(), options)));
    files = FileService.createProxy(vertx);
    meetings = MeetingService.createProxy(vertx);
    transfers = new BusTransfers(vertx, files);
    mongo = Clients.mongo(vertx, ParleyConfig.of(config));
  }

  @AfterAll
  void close() throws Exception {
    await(vertx.close());
  }

  @Test
  @DisplayName("An upload of 6 MiB is listed with its size, SHA-256 and sniffed type, and downloads byte-identical")
  void uploadListDownload() throws Exception {
    Caller host = account("Host");
    String space = meetingSpace(host);
    Buffer data = random(6 << 20);

    JsonObject file = await(transfers.upload(space, "scan.bin", data, (long) data.length(), host));

    assertThat(file.getLong("size")).isEqualTo(data.length());
    assertThat(file.getString("sha256")).isEqualTo(sha256(data));
    assertThat(file.getString("state")).isEqualTo("available");
    assertThat(file.getString("scan")).isEqualTo("unscanned");
    assertThat(file.getString("type")).isEqualTo("application/octet-stream");
    JsonObject listed = await(files.list(space, host));
    assertThat(listed.getJsonArray("items")).hasSize(1);
    assertThat(listed.getLong("usedBytes")).isEqualTo(data.length());
    Buffer downloaded = await(transfers.download(file.getString("id"), null, host));
    assertThat(sha256(downloaded)).isEqualTo(sha256(data));
  }

  @Test
  @DisplayName("Eight uploads of 6 MiB at once all arrive byte-identical")
  void concurrentUploads() throws Exception {
    Caller host = account("Host");
    List<Buffer> data = new ArrayList<>();
    List<Future<JsonObject>> uploads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Buffer bytes = random((6 << 20) + i);
      data.add(bytes);
      uploads.add(transfers.upload(meetingSpace(host), "c" + i + ".bin", bytes, null, host));
    }

    await(Future.all(uploads));

    for (int i = 0; i < 8; i++) {
      assertThat(uploads.get(i).result().getString("sha256")).isEqualTo(sha256(data.get(i)));
    }
  }

  @Test
  @DisplayName("A byte range, a suffix range and an open-ended range return exactly those bytes; a range past the end is unsatisfiable")
  void ranges() throws Exception {
    Caller host = account("Host");
    Buffer data = random(700_000);
    String id = await(transfers.upload(meetingSpace(host), "video.bin", data, null, host)).getString("id");

    assertThat(await(transfers.download(id, new JsonObject().put("start", 1000L).put("end", 300_000L), host)))
        .isEqualTo(data.getBuffer(1000, 300_001));
    assertThat(await(transfers.download(id, new JsonObject().put("suffix", 500L), host)))
        .isEqualTo(data.getBuffer(data.length() - 500, data.length()));
    assertThat(await(transfers.download(id, new JsonObject().put("start", 699_990L), host)))
        .isEqualTo(data.getBuffer(699_990, data.length()));
    JsonObject past = await(files.beginDownload(id, new JsonObject().put("start", 700_000L), host));
    assertThat(past.getBoolean("satisfiable")).isFalse();
    assertThat(past.containsKey("downloadId")).isFalse();
  }

  @Test
  @DisplayName("Deleting a file removes its metadata and its bytes")
  void delete() throws Exception {
    Caller host = account("Host");
    long before = blobCount();
    String id = await(transfers.upload(meetingSpace(host), "a.bin", random(300_000), null, host)).getString("id");
    assertThat(blobCount()).isEqualTo(before + 1);

    await(files.delete(id, host));

    refused(files.get(id, host), ErrorCode.NOT_FOUND);
    assertThat(blobCount()).isEqualTo(before);
  }

  @Test
  @DisplayName("Deleting a meeting deletes its files and their bytes")
  void meetingDeleted() throws Exception {
    Caller host = account("Host");
    long before = blobCount();
    JsonObject meeting = await(meetings.create(new JsonObject().put("title", "Short-lived"), host));
    String space = "meeting:" + meeting.getString("id");
    await(transfers.upload(space, "a.bin", random(400_000), null, host));
    await(transfers.upload(space, "b.bin", random(10), null, host));

    await(meetings.delete(meeting.getString("id"), host));

    assertNothingLeft(space, 0, before);
  }

  @Test
  @DisplayName("An upload past the quota is refused with 409 naming the quota, at once when declared and while streaming otherwise, leaving nothing")
  void quota() throws Exception {
    Caller host = account("Host");
    String space = meetingSpace(host);
    await(transfers.upload(space, "big.bin", random(6 << 20), null, host));
    long before = blobCount();

    ServiceException declared = refused(transfers.upload(space, "more.bin", random(4 << 20), 4L << 20, host), ErrorCode.CONFLICT);
    assertThat(declared.getMessage()).contains(String.valueOf(QUOTA_BYTES));
    refused(transfers.upload(space, "more.bin", random(4 << 20), null, host), ErrorCode.CONFLICT);

    assertNothingLeft(space, 1, before);
  }

  @Test
  @DisplayName("A file over the limit is refused with 413, at once when declared and while streaming otherwise, leaving nothing")
  void limit() throws Exception {
    Caller host = account("Host");
    String space = meetingSpace(host);
    long before = blobCount();
    Buffer tooBig = random((int) MAX_BYTES + 1);

    refused(transfers.upload(space, "huge.bin", tooBig, (long) tooBig.length(), host), ErrorCode.PAYLOAD_TOO_LARGE);
    refused(transfers.upload(space, "huge.bin", tooBig, null, host), ErrorCode.PAYLOAD_TOO_LARGE);

    assertNothingLeft(space, 0, before);
  }

  @Test
  @DisplayName("An empty file, a body shorter than declared and an abandoned upload are refused or dropped, leaving nothing")
  void brokenUploads() throws Exception {
    Caller host = account("Host");
    String space = meetingSpace(host);
    long before = blobCount();

    refused(transfers.upload(space, "empty.txt", Buffer.buffer(), null, host), ErrorCode.BAD_REQUEST);
    refused(transfers.upload(space, "short.bin", random(600_000), 900_000L, host), ErrorCode.BAD_REQUEST);
    await(transfers.uploadAndAbort(space, "gone.bin", random(600_000), host));

    assertNothingLeft(space, 0, before);
  }

  @Test
  @DisplayName("The stored type comes from the bytes: HTML named .png is text/html, a PNG named .txt is image/png; names are sanitised")
  void sniffing() throws Exception {
    Caller host = account("Host");
    String space = meetingSpace(host);
    Buffer html = Buffer.buffer("<!DOCTYPE html><html><head><script>alert(1)</script></head><body>hi</body></html>");
    Buffer png = Buffer.buffer(HexFormat.of().parseHex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"));

    JsonObject page = await(transfers.upload(space, "../../etc/cat.png", html, null, host));
    JsonObject image = await(transfers.upload(space, "a\u202Etxt.exe", png, null, host));

    assertThat(page.getString("type")).isEqualTo("text/html");
    assertThat(page.getString("name")).isEqualTo("cat.png");
    assertThat(image.getString("type")).isEqualTo("image/png");
    assertThat(image.getString("name")).isEqualTo("atxt.exe");
  }

  @Test
  @DisplayName("Strangers, guests of another meeting and a guest after the meeting ended get 404; the uploader and hosts delete, others may not")
  void access() throws Exception {
    Caller host = account("Host");
    JsonObject meeting = await(meetings.create(new JsonObject().put("title", "Files"), host));
    String space = "meeting:" + meeting.getString("id");
    Caller guest = guest(meeting);
    Caller otherGuest = guest(await(meetings.create(new JsonObject().put("title", "Other"), host)));
    JsonObject guestFile = await(transfers.upload(space, "g.txt", Buffer.buffer("from the guest"), null, guest));
    String hostFile = await(transfers.upload(space, "h.txt", Buffer.buffer("from the host"), null, host)).getString("id");

    assertThat(await(files.list(space, guest)).getJsonArray("items")).hasSize(2);
    refused(files.get(hostFile, account("Stranger")), ErrorCode.NOT_FOUND);
    refused(files.list(space, otherGuest), ErrorCode.NOT_FOUND);
    refused(files.beginDownload(hostFile, null, otherGuest), ErrorCode.NOT_FOUND);
    refused(files.delete(hostFile, guest), ErrorCode.FORBIDDEN);
    await(files.delete(guestFile.getString("id"), host));
    await(meetings.end(meeting.getString("id"), host));
    refused(files.get(hostFile, guest), ErrorCode.NOT_FOUND);
    assertThat(await(files.get(hostFile, host)).getString("id")).isEqualTo(hostFile);
  }

  @Test
  @DisplayName("A signed link downloads for its signer without a token, and is refused for another file or with another account's token")
  void signedLinks() throws Exception {
    Caller host = account("Host");
    String space = meetingSpace(host);
    Buffer data = Buffer.buffer("worksheet");
    String id = await(transfers.upload(space, "w.txt", data, null, host)).getString("id");
    String other = await(transfers.upload(space, "x.txt", data, null, host)).getString("id");
    String token = await(files.signLink(id, host)).getString("token");

    assertThat(await(transfers.download(id, new JsonObject().put("link", token), Caller.anonymous("t", null)))).isEqualTo(data);
    refused(files.beginDownload(other, new JsonObject().put("link", token), Caller.anonymous("t", null)), ErrorCode.NOT_FOUND);
    refused(files.beginDownload(id, new JsonObject().put("link", token), account("Replayer")), ErrorCode.NOT_FOUND);
    refused(files.beginDownload(id, new JsonObject().put("link", token + "x"), Caller.anonymous("t", null)), ErrorCode.NOT_FOUND);
  }

  /** The space holds {@code files} listed files and the store is back to {@code blobs} (cleanup is asynchronous). */
  void assertNothingLeft(String space, int listed, long blobs) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (blobCount() != blobs && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(blobCount()).as("blobs in the store").isEqualTo(blobs);
    while (await(mongo.count(FileRepository.COLLECTION, new JsonObject().put("space", space))) != listed && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(await(mongo.count(FileRepository.COLLECTION, new JsonObject().put("space", space)))).isEqualTo(listed);
  }

  Caller guest(JsonObject meeting) throws Exception {
    JsonObject joined = await(meetings.join(meeting.getString("joinCode"), "Gwen", Caller.anonymous("t", "192.0.2.9")));
    return new Caller().setUserId(joined.getString("participantId")).setDisplayName("Gwen")
        .setRole(Caller.ROLE_GUEST).setMeetingId(meeting.getString("id")).setCorrelationId("t");
  }

  String meetingSpace(Caller host) throws Exception {
    return "meeting:" + await(meetings.create(new JsonObject().put("title", "Files"), host)).getString("id");
  }

  static Caller account(String name) {
    return new Caller().setUserId(UUID.randomUUID().toString()).setDisplayName(name).setRole(Caller.ROLE_USER)
        .setCorrelationId("test-" + UUID.randomUUID());
  }

  static Buffer random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return Buffer.buffer(bytes);
  }

  static String sha256(Buffer data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data.getBytes()));
  }

  static ServiceException refused(Future<?> call, ErrorCode code) throws Exception {
    try {
      call.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException expected) {
      // inspected below
    }
    assertThat(call.failed()).as("the call is refused").isTrue();
    assertThat(call.cause()).isInstanceOf(io.vertx.core.eventbus.ReplyException.class);
    io.vertx.core.eventbus.ReplyException refusal = (io.vertx.core.eventbus.ReplyException) call.cause();
    assertThat(ErrorCode.of(refusal.failureCode())).as(refusal.getMessage()).isEqualTo(code);
    return refusal instanceof ServiceException se ? se : new ServiceException(refusal.failureCode(), refusal.getMessage());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
