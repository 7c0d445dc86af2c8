package dev.parley.gateway;

import dev.parley.common.Clients;
import dev.parley.common.ParleyVertx;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.file.FileSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The file operations through the gateway, against the real services (GridFS in the embedded store). */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("The files REST API")
class FileApiTest {

  static final long MAX_BYTES = 4L << 20;
  static final long QUOTA_BYTES = 6L << 20;
  private static Vertx vertx;
  private static GatewayHarness harness;
  private static Http http;
  private static MongoClient mongo;

  @BeforeAll
  static void deploy(EmbeddedMongo embeddedMongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = ParleyVertx.local();
    GatewayHarness created = new GatewayHarness(vertx, embeddedMongo, redis, smtp);
    created.config.put(FileSettings.MAX_BYTES, MAX_BYTES).put(FileSettings.QUOTA_BYTES, QUOTA_BYTES);
    harness = Http.await(created.deploy());
    http = new Http(harness.client());
    mongo = Clients.mongo(vertx, ParleyConfig.of(harness.config));
  }

  @AfterAll
  static void close() {
    Http.await(vertx.close());
  }

  @Test
  @DisplayName("A raw upload answers 201 with the file; its download is byte-identical with Content-Length, ETag, attachment, nosniff and sandbox")
  void rawUploadAndDownload() {
    String token = token("Tutor");
    Buffer data = random(1_500_000);

    HttpResponse<Buffer> created = upload(token, meeting(token), "Worksheet 1.bin", data);

    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject file = created.bodyAsJsonObject();
    assertThat(created.getHeader("Location")).isEqualTo("/api/v1/files/" + file.getString("id"));
    HttpResponse<Buffer> download = http.getWithToken(created.getHeader("Location"), token);
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(data);
    assertThat(download.getHeader("Content-Length")).isEqualTo("1500000");
    assertThat(download.getHeader("ETag")).isEqualTo("\"" + file.getString("sha256") + "\"");
    assertThat(download.getHeader("Content-Disposition")).startsWith("attachment; filename=\"Worksheet 1.bin\"");
    assertThat(download.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(download.getHeader("Content-Security-Policy")).startsWith("sandbox");
    HttpResponse<Buffer> again = Http.await(harness.client().get(created.getHeader("Location"))
        .putHeader("Authorization", "Bearer " + token).putHeader("If-None-Match", download.getHeader("ETag")).send());
    assertThat(again.statusCode()).isEqualTo(304);
  }

  @Test
  @DisplayName("A multipart upload with one file part is stored under the part's file name; two file parts get 400 and store nothing")
  void multipart() {
    String token = token("Student");
    String meeting = meeting(token);
    Buffer photo = random(300_000);

    HttpResponse<Buffer> one = Http.await(authorised(harness.client().post(files(meeting)), token)
        .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", "photo.jpg", photo, "image/jpeg")));
    HttpResponse<Buffer> two = Http.await(authorised(harness.client().post(files(meeting)), token)
        .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", "a.bin", random(200_000), "application/octet-stream")
            .binaryFileUpload("file", "b.bin", random(200_000), "application/octet-stream")));

    assertThat(one.statusCode()).as(one.bodyAsString()).isEqualTo(201);
    assertThat(one.bodyAsJsonObject().getString("name")).isEqualTo("photo.jpg");
    assertThat(http.getWithToken(one.getHeader("Location"), token).body()).isEqualTo(photo);
    assertThat(two.statusCode()).as(two.bodyAsString()).isEqualTo(400);
    assertThat(list(meeting, token)).hasSize(1);
  }

  @Test
  @DisplayName("Range requests answer 206 with Content-Range and exactly those bytes; a range past the end answers 416")
  void ranges() {
    String token = token("Viewer");
    Buffer data = random(600_000);
    String location = upload(token, meeting(token), "clip.bin", data).getHeader("Location");

    HttpResponse<Buffer> part = range(location, token, "bytes=100-299999");
    HttpResponse<Buffer> tail = range(location, token, "bytes=-1000");
    HttpResponse<Buffer> past = range(location, token, "bytes=600000-");

    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.getHeader("Content-Range")).isEqualTo("bytes 100-299999/600000");
    assertThat(part.body()).isEqualTo(data.getBuffer(100, 300_000));
    assertThat(tail.body()).isEqualTo(data.getBuffer(599_000, 600_000));
    assertThat(past.statusCode()).isEqualTo(416);
    assertThat(past.getHeader("Content-Range")).isEqualTo("bytes */600000");
  }

  @Test
  @DisplayName("HTML and an SVG with script are attachments of type application/octet-stream even when asked inline; a PNG is shown inline")
  void safeToOpen() {
    String token = token("Careful");
    String meeting = meeting(token);
    String html = upload(token, meeting, "page.html", Buffer.buffer("<html><body><script>alert(document.cookie)</script></body></html>")).getHeader("Location");
    String svg = upload(token, meeting, "logo.svg", Buffer.buffer("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")).getHeader("Location");
    String png = upload(token, meeting, "dot.png", Buffer.buffer(java.util.HexFormat.of()
        .parseHex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"))).getHeader("Location");

    for (String location : new String[] {html, svg}) {
      HttpResponse<Buffer> response = http.getWithToken(location + "?disposition=inline", token);
      assertThat(response.getHeader("Content-Disposition")).startsWith("attachment;");
      assertThat(response.getHeader("Content-Type")).isEqualTo("application/octet-stream");
      assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(response.getHeader("Content-Security-Policy")).startsWith("sandbox");
    }
    HttpResponse<Buffer> image = http.getWithToken(png + "?disposition=inline", token);
    assertThat(image.getHeader("Content-Disposition")).startsWith("inline;");
    assertThat(image.getHeader("Content-Type")).isEqualTo("image/png");
    assertThat(image.getHeader("Content-Security-Policy")).startsWith("sandbox");
  }

  @Test
  @DisplayName("Names are sanitised (../../etc/passwd, a bidi override, 3,000 characters); a 10,000-character part header gets 400; the UTF-8 name goes out in filename*")
  void names() {
    String token = token("Namer");
    String meeting = meeting(token);

    assertThat(upload(token, meeting, "../../etc/passwd", Buffer.buffer("x")).bodyAsJsonObject().getString("name")).isEqualTo("passwd");
    assertThat(upload(token, meeting, "a\u202Etxt.exe", Buffer.buffer("x")).bodyAsJsonObject().getString("name")).isEqualTo("atxt.exe");
    String longName = upload(token, meeting, "n".repeat(3_000) + ".pdf", Buffer.buffer("x")).bodyAsJsonObject().getString("name");
    assertThat(longName).hasSize(255).endsWith(".pdf");
    HttpResponse<Buffer> tooLong = Http.await(authorised(harness.client().post(files(meeting)), token)
        .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", "n".repeat(10_000) + ".pdf", Buffer.buffer("x"), "application/pdf")));
    assertThat(tooLong.statusCode()).as("a part header past the server's form limits").isEqualTo(400);
    String location = upload(token, meeting, "Übung 1.pdf", Buffer.buffer("x")).getHeader("Location");
    assertThat(http.getWithToken(location, token).getHeader("Content-Disposition"))
        .isEqualTo("attachment; filename=\"_bung 1.pdf\"; filename*=UTF-8''%C3%9Cbung%201.pdf");
  }

  @Test
  @DisplayName("Without a token 401; a stranger gets 404 listing, downloading and deleting a meeting's file; a signed link works without a token and not with another account's")
  void accessAndLinks() {
    String token = token("Owner");
    String stranger = token("Stranger");
    String meeting = meeting(token);
    JsonObject file = upload(token, meeting, "notes.txt", Buffer.buffer("notes")).bodyAsJsonObject();
    String path = "/api/v1/files/" + file.getString("id");

    assertThat(http.getWithToken(files(meeting), stranger).statusCode()).isEqualTo(404);
    assertThat(http.getWithToken(path, stranger).statusCode()).isEqualTo(404);
    assertThat(http.deleteWithToken(path, stranger).statusCode()).isEqualTo(404);
    assertThat(http.get(path).statusCode()).isEqualTo(401);
    assertThat(http.postRaw(files(meeting) + "?name=x.txt", "application/octet-stream", Buffer.buffer("x")).statusCode()).isEqualTo(401);
    JsonObject link = http.postWithToken(path + "/link", token, new JsonObject()).bodyAsJsonObject();
    assertThat(link.getLong("expires") - System.currentTimeMillis() / 1000).isBetween(1L, 300L);
    assertThat(http.get(link.getString("url")).body()).isEqualTo(Buffer.buffer("notes"));
    assertThat(http.getWithToken(link.getString("url"), stranger).statusCode()).isEqualTo(404);
    assertThat(http.deleteWithToken(path, token).statusCode()).isEqualTo(204);
    assertThat(http.getWithToken(path, token).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("Files in a direct conversation: both people list and download them; a third account sees none of them and gets 404")
  void conversations() {
    JsonObject ada = http.signup("Ada");
    JsonObject bob = http.signup("Bob");
    String carol = token("Carol");
    String adaToken = ada.getString("accessToken");
    String bobToken = bob.getString("accessToken");
    String adaId = ada.getJsonObject("user").getString("id");
    String bobId = bob.getJsonObject("user").getString("id");

    HttpResponse<Buffer> sent = Http.await(authorised(harness.client().post("/api/v1/conversations/" + bobId + "/files?name=photo.jpg"), adaToken)
        .putHeader("Content-Type", "application/octet-stream").sendBuffer(Buffer.buffer("a photo")));

    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> listed = http.getWithToken("/api/v1/conversations/" + adaId + "/files", bobToken);
    assertThat(listed.bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    assertThat(http.getWithToken(sent.getHeader("Location"), bobToken).body()).isEqualTo(Buffer.buffer("a photo"));
    assertThat(http.getWithToken("/api/v1/conversations/" + adaId + "/files", carol).bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(http.getWithToken(sent.getHeader("Location"), carol).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("A declared Content-Length over the limit gets 413 before the body is sent (Expect: 100-continue); a body growing past it gets 413")
  void limit() throws Exception {
    String token = token("Big");
    String meeting = meeting(token);
    HttpClient client = vertx.createHttpClient();
    Promise<Boolean> continued = Promise.promise();
    HttpClientResponse early = Http.await(client.request(new RequestOptions().setMethod(HttpMethod.POST)
            .setHost("127.0.0.1").setPort(harness.port()).setURI(files(meeting) + "?name=big.bin"))
        .compose(request -> {
          request.putHeader("Authorization", "Bearer " + token).putHeader("Expect", "100-continue")
              .putHeader("Content-Length", Long.toString(MAX_BYTES + 1));
          request.continueHandler(v -> continued.tryComplete(true));
          return request.sendHead().compose(v -> request.response());
        }));

    assertThat(early.statusCode()).isEqualTo(413);
    assertThat(continued.future().isComplete()).as("100 Continue was never sent").isFalse();
    HttpResponse<Buffer> streamed = Http.await(authorised(harness.client().post(files(meeting)), token)
        .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", "big.bin", random((int) MAX_BYTES + 1), "application/octet-stream")));
    assertThat(streamed.statusCode()).isEqualTo(413);
    assertThat(list(meeting, token)).isEmpty();
  }

  @Test
  @DisplayName("Past the meeting's quota an upload gets 409 naming the quota; an empty file gets 400; neither is stored")
  void quotaAndEmpty() {
    String token = token("Hoarder");
    String meeting = meeting(token);
    assertThat(upload(token, meeting, "a.bin", random(4_000_000)).statusCode()).isEqualTo(201);

    HttpResponse<Buffer> over = upload(token, meeting, "b.bin", random(3_000_000));
    HttpResponse<Buffer> empty = upload(token, meeting, "empty.txt", Buffer.buffer());

    assertThat(over.statusCode()).isEqualTo(409);
    assertThat(over.bodyAsJsonObject().getString("detail")).contains("quota").contains(String.valueOf(QUOTA_BYTES));
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(list(meeting, token)).hasSize(1);
  }

  @Test
  @DisplayName("A body that stops half-way (the client closes after 300 KB of 1 MB) leaves no file and no GridFS chunks")
  void brokenBody() throws Exception {
    String token = token("Flaky");
    String meeting = meeting(token);
    long chunksBefore = Http.await(mongo.count("fs.chunks", new JsonObject()));
    HttpClient client = vertx.createHttpClient();
    Future<HttpClientResponse> response = client.request(new RequestOptions().setMethod(HttpMethod.POST)
            .setHost("127.0.0.1").setPort(harness.port()).setURI(files(meeting) + "?name=half.bin"))
        .compose(request -> {
          request.putHeader("Authorization", "Bearer " + token).putHeader("Content-Length", "1000000");
          return request.write(random(300_000)).compose(v -> storedSomething(chunksBefore)).compose(v -> {
            request.connection().close();
            return request.response();
          });
        });
    response.otherwiseEmpty().toCompletionStage().toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);

    long deadline = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < deadline && (Http.await(mongo.count("files", new JsonObject().put("space", "meeting:" + meeting))) > 0
        || Http.await(mongo.count("fs.chunks", new JsonObject())) > chunksBefore)) {
      Thread.sleep(50);
    }
    assertThat(Http.await(mongo.count("files", new JsonObject().put("space", "meeting:" + meeting)))).isZero();
    assertThat(Http.await(mongo.count("fs.chunks", new JsonObject()))).isEqualTo(chunksBefore);
  }

  /** Completes once the store holds more GridFS chunks than before: the upload is under way. */
  private static Future<Void> storedSomething(long chunksBefore) {
    return mongo.count("fs.chunks", new JsonObject()).compose(count -> count > chunksBefore
        ? Future.succeededFuture()
        : Future.<Void>future(p -> vertx.setTimer(20, id -> p.complete())).compose(v -> storedSomething(chunksBefore)));
  }

  private static JsonArray list(String meeting, String token) {
    HttpResponse<Buffer> response = http.getWithToken(files(meeting), token);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("items");
  }

  private static HttpResponse<Buffer> range(String location, String token, String range) {
    return Http.await(authorised(harness.client().get(location), token).putHeader("Range", range).send());
  }

  private static HttpResponse<Buffer> upload(String token, String meeting, String name, Buffer data) {
    return Http.await(authorised(harness.client().post(files(meeting) + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)), token)
        .putHeader("Content-Type", "application/octet-stream").sendBuffer(data));
  }

  private static HttpRequest<Buffer> authorised(HttpRequest<Buffer> request, String token) {
    return request.putHeader("Authorization", "Bearer " + token);
  }

  private static String files(String meeting) {
    return "/api/v1/meetings/" + meeting + "/files";
  }

  private static String token(String name) {
    return http.signup(name).getString("accessToken");
  }

  private static String meeting(String token) {
    return http.postWithToken("/api/v1/meetings", token, new JsonObject().put("title", "Files")).bodyAsJsonObject().getString("id");
  }

  private static Buffer random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return Buffer.buffer(bytes);
  }
}
