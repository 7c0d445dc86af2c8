package dev.parley.file;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.file.FileService;
import dev.parley.common.mongo.MongoDates;
import dev.parley.file.access.Links;
import dev.parley.file.access.SpaceAccess;
import dev.parley.file.access.SpaceAccess.Standing;
import dev.parley.file.scan.Scanner;
import dev.parley.file.store.BlobReader;
import dev.parley.file.store.BlobStore;
import dev.parley.file.transfer.Transfers;
import dev.parley.file.transfer.Upload;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.UUID;

/**
 * {@link FileService}: authorises every call on the caller's standing in the file's space
 * ({@link SpaceAccess}), keeps metadata in {@link FileRepository} and bytes in the {@link BlobStore},
 * and hands the bytes themselves to {@link Transfers}. Confined to the file verticle's event loop.
 */
final class FileServiceImpl implements FileService {

  static final int CHUNK_BYTES = 256 * 1024;
  static final int WINDOW = 4;
  private static final String NO_SUCH_FILE = "No such file.";
  /** Shown instead of a deleted account's name, as the chat shows it. */
  static final String DELETED_NAME = "Deleted user";

  private final Vertx vertx;
  private final FileSettings settings;
  private final FileRepository files;
  private final BlobStore store;
  private final SpaceAccess access;
  private final Scanner scanner;
  private final Links links;
  private final Transfers transfers;
  private final FileMetrics metrics;
  private final ContentSniffer sniffer = new ContentSniffer();
  private final Clock clock;

  FileServiceImpl(Vertx vertx, FileSettings settings, FileRepository files, BlobStore store, SpaceAccess access,
                  Scanner scanner, Links links, Transfers transfers, FileMetrics metrics, Clock clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.files = files;
    this.store = store;
    this.access = access;
    this.scanner = scanner;
    this.links = links;
    this.transfers = transfers;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Future<JsonObject> beginUpload(JsonObject draft, Caller caller) {
    String space = draft == null ? null : draft.getString("space");
    Object name = draft == null ? null : draft.getValue("name");
    Object declared = draft == null ? null : draft.getValue("declaredSize");
    if (!(name instanceof String text) || text.isEmpty() || text.length() > 10_000) {
      return Future.failedFuture(field("Give the file a name of 1 to 10000 characters.", "name"));
    }
    if (declared != null && (!(declared instanceof Number number) || number.longValue() < 0)) {
      return Future.failedFuture(field("The declared size must be a number of bytes.", "declaredSize"));
    }
    Long declaredSize = declared == null ? null : ((Number) declared).longValue();
    return access.check(space, caller).compose(standing -> {
      if (declaredSize != null && declaredSize > settings.maxBytes()) {
        metrics.upload("too_large");
        return Future.failedFuture(ErrorCode.PAYLOAD_TOO_LARGE.exception("Files can be at most " + settings.maxBytes() + " bytes."));
      }
      return files.usedBytes(space).compose(used -> {
        long remaining = settings.quotaBytes() - used;
        if (declaredSize != null && declaredSize > remaining || remaining <= 0) {
          metrics.upload("over_quota");
          return Future.failedFuture(Upload.quotaExceeded(settings.quotaBytes()));
        }
        return open(standing, FileNames.sanitise(text), caller,
            new Upload.Limits(settings.maxBytes(), settings.quotaBytes(), remaining, declaredSize));
      });
    });
  }

  private Future<JsonObject> open(Standing standing, String name, Caller caller, Upload.Limits limits) {
    String fileId = UUID.randomUUID().toString();
    String blobId = fileId;
    JsonObject document = new JsonObject()
        .put("_id", fileId).put("space", standing.space()).put("meetingId", standing.meetingId())
        .put("ownerId", caller.getUserId()).put("ownerName", caller.getDisplayName()).put("name", name)
        .put("state", FileRepository.UPLOADING).put("store", store.name()).put("blobId", blobId)
        .put("createdAt", MongoDates.of(clock.instant()));
    return scanner.open().compose(scan -> store.create(blobId)
        .compose(writer -> files.insert(document).map(v -> {
          Upload upload = new Upload(vertx, limits, writer, scan, new Upload.Completion() {
            @Override
            public Future<JsonObject> complete(Upload.Received received) {
              return record(document, standing, caller, received);
            }

            @Override
            public Future<Void> discard() {
              metrics.upload("failed");
              return files.delete(fileId);
            }
          }, ContentSniffer.PREFIX_BYTES);
          return new JsonObject().put("uploadId", transfers.add(upload)).put("address", transfers.address())
              .put("chunkBytes", CHUNK_BYTES).put("window", WINDOW);
        }))
        .onFailure(err -> scan.abort()));
  }

  /** Records a complete upload: type sniffed from its first bytes, hash, scan verdict, state. */
  private Future<JsonObject> record(JsonObject document, Standing standing, Caller caller, Upload.Received received) {
    return vertx.executeBlocking(() -> sniffer.detect(received.prefix()), false).compose(type -> {
      boolean rejected = received.scan().infected();
      JsonObject fields = new JsonObject().put("size", received.size()).put("type", type).put("sha256", received.sha256())
          .put("state", rejected ? FileRepository.REJECTED : FileRepository.AVAILABLE)
          .put("scan", received.scan().scan()).put("signature", received.scan().signature());
      Future<Void> blob = rejected ? store.delete(document.getString("blobId")) : Future.succeededFuture();
      return blob.compose(v -> files.complete(document.getString("_id"), fields)).map(v -> {
        metrics.upload(rejected ? "rejected" : "available");
        metrics.bytesIn(received.size());
        return view(document.copy().mergeIn(fields), standing, caller);
      });
    });
  }

  @Override
  public Future<JsonObject> list(String space, Caller caller) {
    return access.checkRead(space, caller, () -> files.holdsAny(space)).compose(standing -> files.list(space).map(docs -> {
      JsonArray items = new JsonArray();
      long used = 0;
      for (JsonObject doc : docs) {
        items.add(view(doc, standing, caller));
        used += doc.getLong("size", 0L);
      }
      return new JsonObject().put("items", items).put("usedBytes", used).put("quotaBytes", settings.quotaBytes());
    }));
  }

  @Override
  public Future<JsonObject> get(String fileId, Caller caller) {
    return find(fileId, caller).map(found -> view(found.document(), found.standing(), caller));
  }

  @Override
  public Future<JsonObject> beginDownload(String fileId, JsonObject request, Caller caller) {
    JsonObject range = request == null ? new JsonObject() : request;
    String token = range.getString("link");
    Caller effective = caller;
    if (token != null) {
      Caller signer = links.verify(fileId, token);
      if (signer == null || caller != null && caller.getUserId() != null && !caller.getUserId().equals(signer.getUserId())) {
        return Future.failedFuture(ErrorCode.NOT_FOUND.exception("This link has expired or is not valid."));
      }
      effective = signer.setCorrelationId(caller == null ? null : caller.getCorrelationId());
    }
    Caller who = effective;
    return find(fileId, who).compose(found -> {
      JsonObject file = view(found.document(), found.standing(), who);
      if (!FileRepository.AVAILABLE.equals(file.getString("state"))) {
        return Future.failedFuture(ErrorCode.CONFLICT.exception("This file was rejected by the virus scanner ("
            + file.getString("signature") + ") and cannot be downloaded."));
      }
      long size = file.getLong("size");
      long[] span = ByteRange.resolve(range.getLong("start"), range.getLong("end"), range.getLong("suffix"), size);
      JsonObject answer = new JsonObject().put("file", file).put("satisfiable", span != null);
      if (span == null) {
        return Future.succeededFuture(answer);
      }
      answer.put("start", span[0]).put("end", span[1]).put("length", span[1] - span[0] + 1);
      return store.open(found.document().getString("blobId"), span[0], span[1])
          .map(reader -> answer.put("downloadId", transfers.add(reader)).put("address", transfers.address()));
    });
  }

  @Override
  public Future<JsonObject> signLink(String fileId, Caller caller) {
    return find(fileId, caller).map(found -> links.sign(fileId, caller).put("fileId", fileId).put("userId", caller.getUserId()));
  }

  @Override
  public Future<Void> delete(String fileId, Caller caller) {
    return find(fileId, caller).compose(found -> {
      JsonObject doc = found.document();
      if (!doc.getString("ownerId", "").equals(caller.getUserId()) && !found.standing().moderates()) {
        return Future.failedFuture(ErrorCode.FORBIDDEN.exception("Only the person who shared a file and the meeting's hosts can delete it."));
      }
      return store.delete(doc.getString("blobId")).compose(v -> files.delete(fileId)).onSuccess(v -> vertx.eventBus()
          .publish(Addresses.FILE_DELETED, new JsonObject().put("fileId", fileId).put("space", doc.getString("space"))));
    });
  }

  /**
   * Lets go of a deleted account's name: its files stay where they were shared (as its chat messages
   * do) and show {@value #DELETED_NAME} as the one who shared them. Idempotent.
   */
  Future<Void> accountDeleted(String userId) {
    return userId == null ? Future.succeededFuture() : files.rename(userId, DELETED_NAME);
  }

  /**
   * Deletes every file of a space and its bytes, without asking who may (the caller is the service
   * itself, on a meeting's deletion). Idempotent: instances that all hear the notice may all run it.
   *
   * @return how many files were deleted
   */
  Future<Integer> deleteSpace(String space) {
    return files.all(space).compose(docs -> Future.all(docs.stream()
            .map(doc -> store.delete(doc.getString("blobId")).compose(v -> files.delete(doc.getString("_id"))))
            .toList())
        .map(done -> docs.size()));
  }

  private record Found(JsonObject document, Standing standing) {
  }

  /** The file, if it exists, is not mid-upload and the caller may use its space; otherwise 404. */
  private Future<Found> find(String fileId, Caller caller) {
    if (fileId == null || fileId.length() > 64) {
      return Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_FILE));
    }
    return files.find(fileId).compose(doc -> doc == null || FileRepository.UPLOADING.equals(doc.getString("state"))
        ? Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_FILE))
        : access.checkRead(doc.getString("space"), caller, () -> Future.succeededFuture(true)).map(standing -> new Found(doc, standing)));
  }

  private static JsonObject view(JsonObject doc, Standing standing, Caller caller) {
    return new JsonObject()
        .put("id", doc.getString("_id")).put("space", doc.getString("space")).put("meetingId", doc.getString("meetingId"))
        .put("name", doc.getString("name")).put("size", doc.getLong("size")).put("type", doc.getString("type"))
        .put("sha256", doc.getString("sha256")).put("state", doc.getString("state"))
        .put("scan", doc.getString("scan")).put("signature", doc.getString("signature"))
        .put("ownerId", doc.getString("ownerId")).put("ownerName", doc.getString("ownerName"))
        .put("createdAt", MongoDates.read(doc, "createdAt").toString())
        .put("canDelete", doc.getString("ownerId", "").equals(caller.getUserId()) || standing.moderates());
  }

  private static Throwable field(String message, String field) {
    return ErrorCode.BAD_REQUEST.exception(message, new JsonObject().put(ErrorCode.FIELD, field));
  }
}
