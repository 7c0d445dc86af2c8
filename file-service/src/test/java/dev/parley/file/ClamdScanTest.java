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
import dev.parley.file.scan.ClamdProcess;
import dev.parley.meeting.MeetingVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static dev.parley.file.FileStoreContract.account;
import static dev.parley.file.FileStoreContract.await;
import static dev.parley.file.FileStoreContract.refused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scanning with a real clamd (Debian's clamav-daemon, installed by {@code .ci/run}) and a signature
 * database the test writes itself; a clamd that is down is a loopback port nothing listens on.
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Virus scanning with clamd")
class ClamdScanTest {

  private ClamdProcess clamd;
  private JsonObject base;
  private final List<Vertx> stacks = new ArrayList<>();

  @BeforeAll
  void start(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    Assumptions.assumeTrue(ClamdProcess.installed(), "clamd is not installed: apt-get install -y clamav-daemon");
    clamd = ClamdProcess.start();
    base = TestConfig.forStores(mongo, redis, smtp);
  }

  @AfterAll
  void stop() throws Exception {
    for (Vertx vertx : stacks) {
      await(vertx.close());
    }
    if (clamd != null) {
      clamd.close();
    }
  }

  @Test
  @DisplayName("A clean file becomes available as clean; a file carrying the test signature is rejected with its name and its bytes removed")
  void verdicts() throws Exception {
    Stack stack = stack(clamd.port(), "required");
    Caller host = account("Host");
    String space = stack.meetingSpace(host);

    JsonObject clean = await(stack.transfers.upload(space, "clean.txt", Buffer.buffer("a clean worksheet"), null, host));
    JsonObject infected = await(stack.transfers.upload(space, "eicar.com",
        Buffer.buffer("X5O-like " + ClamdProcess.MARKER + " test file"), null, host));

    assertThat(clean.getString("state")).isEqualTo("available");
    assertThat(clean.getString("scan")).isEqualTo("clean");
    assertThat(infected.getString("state")).isEqualTo("rejected");
    assertThat(infected.getString("scan")).isEqualTo("infected");
    assertThat(infected.getString("signature")).isEqualTo(ClamdProcess.SIGNATURE);
    refused(stack.files.beginDownload(infected.getString("id"), null, host), ErrorCode.CONFLICT);
    assertThat(await(stack.chunksOf(infected.getString("id")))).isZero();
  }

  @Test
  @DisplayName("A signature in a later chunk of a 3 MiB file is found too")
  void laterChunk() throws Exception {
    Stack stack = stack(clamd.port(), "required");
    Caller host = account("Host");
    Buffer data = Buffer.buffer(new byte[3 << 20]).appendString(ClamdProcess.MARKER);

    JsonObject file = await(stack.transfers.upload(stack.meetingSpace(host), "big.bin", data, null, host));

    assertThat(file.getString("state")).isEqualTo("rejected");
  }

  @Test
  @DisplayName("With clamd down, mode required refuses uploads (503) and stores nothing")
  void requiredWhenDown() throws Exception {
    Stack stack = stack(ClamdProcess.freePort(), "required");
    Caller host = account("Host");
    String space = stack.meetingSpace(host);

    refused(stack.transfers.upload(space, "a.txt", Buffer.buffer("hello"), null, host), ErrorCode.UNAVAILABLE);

    assertThat(await(stack.files.list(space, host)).getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName("With clamd down, mode fail-open stores uploads as unscanned")
  void failOpenWhenDown() throws Exception {
    Stack stack = stack(ClamdProcess.freePort(), "fail-open");
    Caller host = account("Host");

    JsonObject file = await(stack.transfers.upload(stack.meetingSpace(host), "a.txt", Buffer.buffer("hello"), null, host));

    assertThat(file.getString("state")).isEqualTo("available");
    assertThat(file.getString("scan")).isEqualTo("unscanned");
  }

  private record Stack(Vertx vertx, FileService files, MeetingService meetings, BusTransfers transfers, JsonObject config) {
    String meetingSpace(Caller host) throws Exception {
      return "meeting:" + await(meetings.create(new JsonObject().put("title", "Scanned"), host)).getString("id");
    }

    Future<Long> chunksOf(String blobId) {
      return Clients.mongo(vertx, ParleyConfig.of(config)).count("fs.chunks", new JsonObject().put("files_id", blobId));
    }
  }

  /** Auth, meeting and file services in a Vert.x of their own, with a fresh database and these scanner settings. */
  private Stack stack(int clamdPort, String mode) throws Exception {
    Vertx vertx = Vertx.vertx();
    stacks.add(vertx);
    JsonObject config = base.copy().put(ParleyConfig.MONGO_DB, "scan-" + java.util.UUID.randomUUID())
        .put(FileSettings.CLAMD_HOST, "127.0.0.1").put(FileSettings.CLAMD_PORT, clamdPort).put(FileSettings.CLAMD_MODE, mode);
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    await(Future.all(vertx.deployVerticle(new AuthVerticle(), options), vertx.deployVerticle(new MeetingVerticle(), options),
        vertx.deployVerticle(new FileVerticle(), options)));
    FileService files = FileService.createProxy(vertx);
    return new Stack(vertx, files, MeetingService.createProxy(vertx), new BusTransfers(vertx, files), config);
  }
}
