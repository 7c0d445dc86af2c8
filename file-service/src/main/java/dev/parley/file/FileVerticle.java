package dev.parley.file;

import dev.parley.api.Addresses;
import dev.parley.api.auth.AuthService;
import dev.parley.api.file.FileService;
import dev.parley.api.meeting.AccessNotice;
import dev.parley.api.meeting.MeetingService;
import dev.parley.common.Accounts;
import dev.parley.common.Clients;
import dev.parley.common.config.ParleyConfig;
import dev.parley.file.access.Links;
import dev.parley.file.access.SpaceAccess;
import dev.parley.file.scan.Clamd;
import dev.parley.file.scan.Scanner;
import dev.parley.file.store.BlobStore;
import dev.parley.file.store.GridFsStore;
import dev.parley.file.store.S3Store;
import dev.parley.file.transfer.Transfers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.serviceproxy.ServiceBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Deploys the file service: binds {@link FileService} on {@link FileService#ADDRESS} and consumes its
 * transfer address, once the {@code files} indexes and the blob store are ready. The store is GridFS in
 * the configured MongoDB unless {@code PARLEY_S3_BUCKET} is set; scanning uses clamd when
 * {@code PARLEY_CLAMD_HOST} is set. Uploads left unfinished by a stopped instance are removed at start
 * once they are an hour old. A meeting's deletion (an {@link AccessNotice} for everyone) deletes its
 * files; a deleted account's files stay, shown as shared by "Deleted user" ({@link Addresses#ACCOUNT_DELETED}).
 * Any number of instances may run against one database and store.
 */
public final class FileVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(FileVerticle.class);
  private MessageConsumer<JsonObject> binding;
  private MessageConsumer<JsonObject> revocations;
  private MessageConsumer<JsonObject> deletedAccounts;
  private Transfers transfers;
  private BlobStore store;
  private Runnable closeStore = () -> { };

  @Override
  public Future<?> start() {
    return ParleyConfig.load(vertx, config()).compose(config -> {
      FileSettings settings = FileSettings.from(config);
      MongoClient mongo = Clients.mongo(vertx, config);
      store = settings.s3() == null ? new GridFsStore(mongo) : s3(settings.s3());
      FileRepository files = new FileRepository(mongo);
      FileMetrics metrics = new FileMetrics(registry());
      transfers = new Transfers(vertx, metrics::bytesOut);
      Scanner scanner = settings.clamd() == null ? Scanner.NONE : new Clamd(vertx, settings.clamd());
      Clock clock = Clock.systemUTC();
      FileServiceImpl service = new FileServiceImpl(vertx, settings, files, store,
          new SpaceAccess(MeetingService.createProxy(vertx), new Accounts(AuthService.createProxy(vertx))), scanner,
          new Links(settings.linkSecret(), settings.linkTtlSeconds(), clock), transfers, metrics, clock);
      return Future.all(store.init(), files.createIndexes()).compose(ready -> transfers.start()).map(started -> {
        binding = new ServiceBinder(vertx).setAddress(FileService.ADDRESS).register(FileService.class, service);
        revocations = vertx.eventBus().<JsonObject>consumer(Addresses.ACCESS_REVOKED, message -> onRevoked(service, message.body()));
        deletedAccounts = vertx.eventBus().<JsonObject>consumer(Addresses.ACCOUNT_DELETED, message -> {
          String userId = message.body() == null ? null : message.body().getString("userId");
          service.accountDeleted(userId)
              .onFailure(err -> LOG.warn("Files of deleted account {} still show its name: {}", userId, err.getMessage()));
        });
        removeStale(files, clock);
        LOG.info("File service storing in {} (largest file {} bytes, quota {} bytes, scanning {})", store.name(),
            settings.maxBytes(), settings.quotaBytes(), settings.clamd() == null ? "off" : "with clamd");
        return binding;
      });
    });
  }

  /** A deleted meeting takes its files with it (their bytes first). */
  private static void onRevoked(FileServiceImpl service, JsonObject body) {
    AccessNotice notice = AccessNotice.of(body == null ? new JsonObject() : body);
    if (AccessNotice.EVERYONE.equals(notice.scope()) && notice.meetingId() != null) {
      service.deleteSpace("meeting:" + notice.meetingId())
          .onSuccess(count -> LOG.info("Deleted {} files of deleted meeting {}", count, notice.meetingId()))
          .onFailure(err -> LOG.warn("Could not delete the files of deleted meeting {}: {}", notice.meetingId(), err.getMessage()));
    }
  }

  /** @return the blob store this instance uses (readiness) */
  public BlobStore store() {
    return store;
  }

  private BlobStore s3(FileSettings.S3 s3) {
    S3Clients.Built built = S3Clients.create(vertx, s3);
    closeStore = built.close();
    return built.store();
  }

  private void removeStale(FileRepository files, Clock clock) {
    files.staleUploads(clock.instant().minus(Duration.ofHours(1))).onSuccess(stale -> stale.forEach(doc ->
        store.delete(doc.getString("blobId")).compose(v -> files.delete(doc.getString("_id")))
            .onFailure(err -> LOG.warn("Could not remove unfinished upload {}: {}", doc.getString("_id"), err.getMessage()))));
  }

  private static MeterRegistry registry() {
    MeterRegistry shared = BackendRegistries.getDefaultNow();
    return shared != null ? shared : new SimpleMeterRegistry();
  }

  @Override
  public Future<?> stop() {
    Future<Void> stopped = transfers == null ? Future.succeededFuture() : transfers.stop();
    return stopped.compose(v -> revocations == null ? Future.succeededFuture() : revocations.unregister())
        .compose(v -> deletedAccounts == null ? Future.succeededFuture() : deletedAccounts.unregister())
        .compose(v -> binding == null ? Future.succeededFuture() : binding.unregister())
        .onComplete(v -> closeStore.run());
  }
}
