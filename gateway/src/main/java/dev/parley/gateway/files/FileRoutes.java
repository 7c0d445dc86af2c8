package dev.parley.gateway.files;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.chat.ChatService;
import dev.parley.api.file.FileService;
import dev.parley.api.file.FileTransfer;
import dev.parley.common.jwt.AccessTokenVerifier;
import dev.parley.gateway.rest.AccessTokenHandler;
import dev.parley.gateway.rest.RequestContext;
import dev.parley.gateway.rest.Responses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.serviceproxy.ServiceException;

/**
 * The file operations of the REST contract. Listing, deleting and signing a link are ordinary
 * operations of the OpenAPI router ({@link #mount(RouterBuilder)}). Uploading and downloading stream,
 * so they are routes of their own on the main router ahead of the body handler
 * ({@link #mountStreams(Router)}; their OpenAPI entries are marked {@code x-parley-streamed} and
 * documented, not validated):
 *
 * <ul>
 *   <li>{@code POST /api/v1/meetings/{id}/files} and {@code POST /api/v1/conversations/{userId}/files}
 *       (the caller's direct conversation with that user): a {@code multipart/form-data} body with exactly one
 *       file part, or any other body as the file's raw bytes named by {@code ?name=}. The body is
 *       streamed to the file service with back-pressure ({@link BusUpload}); a declared
 *       {@code Content-Length} over the limit is refused with 413 before the body is read (with
 *       {@code Expect: 100-continue} the client never sends it), a refusal while streaming answers
 *       at once and closes the connection. 201 with the file.</li>
 *   <li>{@code GET /api/v1/files/{fileId}}: the bytes, with the caller's access token or a signed
 *       {@code ?link=} (from {@code POST /files/{fileId}/link}), {@code Range} (206, 416),
 *       {@code If-None-Match} (304), and the safety headers of {@link DownloadHeaders};
 *       {@code ?disposition=inline} shows images and PDFs in place.</li>
 * </ul>
 */
public final class FileRoutes {

  /** How long the rest of a refused upload's body is read and dropped before its connection is closed. */
  static final long LINGER_MS = 2_000;
  private final Vertx vertx;
  private final FileService files;
  private final EventBus bus;
  private final RequestContext context;
  private final AccessTokenVerifier verifier;

  public FileRoutes(Vertx vertx, FileService files, RequestContext context, AccessTokenVerifier verifier) {
    this.vertx = vertx;
    this.files = files;
    this.bus = vertx.eventBus();
    this.context = context;
    this.verifier = verifier;
  }

  /** Attaches the non-streaming operations to their operation ids. */
  public void mount(RouterBuilder builder) {
    builder.getRoute("listMeetingFiles").addHandler(rc -> files.list("meeting:" + rc.pathParam("id"), context.caller(rc))
        .onSuccess(list -> Responses.json(rc, 200, list)).onFailure(rc::fail));
    builder.getRoute("listConversationFiles").addHandler(rc -> {
      Caller caller = context.caller(rc);
      files.list(conversationSpace(caller, rc.pathParam("userId")), caller)
          .onSuccess(list -> Responses.json(rc, 200, list)).onFailure(rc::fail);
    });
    builder.getRoute("deleteFile").addHandler(rc -> files.delete(rc.pathParam("fileId"), context.caller(rc))
        .onSuccess(v -> rc.response().setStatusCode(204).end()).onFailure(rc::fail));
    builder.getRoute("createFileLink").addHandler(rc -> files.signLink(rc.pathParam("fileId"), context.caller(rc))
        .onSuccess(link -> Responses.json(rc, 201, link.put("url", "/api/v1/files/" + rc.pathParam("fileId")
            + "?link=" + link.getString("token"))))
        .onFailure(rc::fail));
  }

  /** Adds the streaming upload and download routes; call before any body handler is installed. */
  public void mountStreams(Router router) {
    router.post("/api/v1/meetings/:id/files")
        .handler(FileRoutes::pause)
        .handler(new AccessTokenHandler(verifier, false))
        .handler(this::upload)
        .failureHandler(this::closeAfterRefusal);
    router.post("/api/v1/conversations/:userId/files")
        .handler(FileRoutes::pause)
        .handler(new AccessTokenHandler(verifier, false))
        .handler(this::upload)
        .failureHandler(this::closeAfterRefusal);
    router.get("/api/v1/files/:fileId")
        .handler(new AccessTokenHandler(verifier, true))
        .handler(this::download);
  }

  private static void pause(RoutingContext rc) {
    rc.request().pause();
    rc.next();
  }

  private void upload(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    String space = rc.pathParam("id") != null ? "meeting:" + rc.pathParam("id")
        : conversationSpace(context.caller(rc), rc.pathParam("userId"));
    String type = request.getHeader("Content-Type");
    if (type != null && type.toLowerCase().startsWith("multipart/form-data")) {
      new MultipartUpload(files, bus, rc, space, context.caller(rc)).start();
      return;
    }
    String name = rc.queryParams().get("name");
    if (name == null || name.isEmpty()) {
      fail(rc, ErrorCode.BAD_REQUEST.exception("Name the file with ?name=, or send it as multipart/form-data.",
          new JsonObject().put(ErrorCode.FIELD, "name")));
      return;
    }
    String length = request.getHeader("Content-Length");
    Long declared;
    try {
      declared = length == null ? null : Long.valueOf(length);
    } catch (NumberFormatException e) {
      fail(rc, ErrorCode.BAD_REQUEST.exception("The Content-Length is not a number."));
      return;
    }
    Throwable[] broken = {null};
    request.exceptionHandler(err -> broken[0] = err);
    files.beginUpload(new JsonObject().put("space", space).put("name", name).put("declaredSize", declared), context.caller(rc))
        .onSuccess(open -> {
          BusUpload transfer = new BusUpload(bus, open);
          if (broken[0] != null) {
            transfer.abort(broken[0]);
            return;
          }
          if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            rc.response().writeContinue();
          }
          transfer.pipeFrom(request)
              .onSuccess(file -> created(rc, file))
              .onFailure(err -> fail(rc, err));
        })
        .onFailure(err -> fail(rc, err));
  }

  /** @return the space of the caller's direct conversation with {@code userId} (the file service checks who may use it) */
  private static String conversationSpace(Caller caller, String userId) {
    return caller.getUserId() == null || userId == null ? null : ChatService.directChannel(caller.getUserId(), userId);
  }

  static void created(RoutingContext rc, JsonObject file) {
    rc.response().putHeader("Location", "/api/v1/files/" + file.getString("id"));
    Responses.json(rc, 201, file);
  }

  private void download(RoutingContext rc) {
    Caller caller = context.caller(rc);
    String link = rc.queryParams().get("link");
    if (caller.getUserId() == null && link == null) {
      rc.fail(401);
      return;
    }
    String fileId = rc.pathParam("fileId");
    JsonObject request = DownloadHeaders.range(rc.request().getHeader("Range")).put("link", link);
    boolean inline = "inline".equals(rc.queryParams().get("disposition"));
    files.beginDownload(fileId, request, caller).onSuccess(open -> {
      JsonObject file = open.getJsonObject("file");
      DownloadHeaders.apply(rc.response(), file, inline);
      String etag = DownloadHeaders.etag(file);
      if (etag.equals(rc.request().getHeader("If-None-Match"))) {
        abandon(open);
        rc.response().setStatusCode(304).end();
        return;
      }
      long size = file.getLong("size");
      if (!open.getBoolean("satisfiable")) {
        rc.response().putHeader("Content-Range", "bytes */" + size).putHeader("Content-Type", "application/problem+json")
            .putHeader("Content-Disposition", "inline");
        rc.fail(416);
        return;
      }
      boolean partial = request.containsKey("start") || request.containsKey("suffix");
      if (partial) {
        rc.response().setStatusCode(206)
            .putHeader("Content-Range", "bytes " + open.getLong("start") + "-" + open.getLong("end") + "/" + size);
      }
      rc.response().putHeader("Content-Length", Long.toString(open.getLong("length")));
      new BusDownload(bus, open, rc.response()).pipe();
    }).onFailure(err -> fail(rc, err));
  }

  private void abandon(JsonObject open) {
    if (open.containsKey("downloadId")) {
      bus.request(open.getString("address"), null, new DeliveryOptions()
          .addHeader(FileTransfer.TRANSFER, open.getString("downloadId")).addHeader(FileTransfer.ACTION, FileTransfer.ABORT));
    }
  }

  /**
   * Fails the request through the problem handler; a refusal from a transfer (a plain reply failure)
   * becomes the service exception it stands for. A connection the client closed gets no answer.
   */
  static void fail(RoutingContext rc, Throwable err) {
    if (err instanceof HttpClosedException) {
      return;
    }
    Throwable failure = err;
    if (err instanceof ReplyException re && !(err instanceof ServiceException) && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      failure = new ServiceException(re.failureCode(), re.getMessage());
    }
    rc.fail(failure);
  }

  /**
   * An upload refused while the client may still be sending (a bad token, the limit, the quota): the
   * answer goes out at once with {@code Connection: close}; then the rest of the body is read and
   * dropped for at most {@link #LINGER_MS} before the connection is closed (closing with unread bytes
   * would reset the connection and could destroy the answer on its way). Then the problem handler answers.
   */
  private void closeAfterRefusal(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    if (!request.isEnded() && !rc.response().headWritten()) {
      rc.response().putHeader("Connection", "close");
      rc.response().endHandler(v -> {
        long timer = vertx.setTimer(LINGER_MS, id -> request.connection().close());
        request.endHandler(end -> {
          vertx.cancelTimer(timer);
          request.connection().close();
        });
        request.handler(ignored -> { });
        request.resume();
      });
    }
    rc.next();
  }
}
