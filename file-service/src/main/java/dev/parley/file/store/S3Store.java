package dev.parley.file.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Blobs as objects {@code files/<blobId>} in one S3-compatible bucket, through the AWS SDK v2's
 * blocking client (URL connection) on a worker pool, never on an event loop.
 *
 * <p>Uploads: bytes gather in a temporary file of up to {@link #PART_SIZE} (S3's smallest multipart
 * part), written asynchronously; a blob that ends before the first part is full is one
 * {@code PutObject}, a larger one a multipart upload whose parts are sent from their files as they
 * fill. So an upload holds no part in memory (twenty concurrent uploads would otherwise need 100 MiB
 * and more of heap) and at most one part on disk; {@link BlobWriter#abort()} deletes that file and
 * aborts the multipart upload (S3 drops its parts) or deletes the object: nothing stays behind. Downloads: one ranged {@code GetObject} per reader, read piece by piece.
 */
public final class S3Store implements BlobStore {

  /** 5 MiB: the smallest part S3 accepts (except the last). */
  static final int PART_SIZE = 5 * 1024 * 1024;
  private static final String PREFIX = "files/";

  private static final OpenOptions WRITE = new OpenOptions().setWrite(true).setCreate(true);
  private final Vertx vertx;
  private final S3Client s3;
  private final String bucket;
  private final WorkerExecutor workers;

  /**
   * @param s3 a client configured for the endpoint, region, credentials and addressing style
   * @param workers the pool its blocking calls run on
   */
  public S3Store(Vertx vertx, S3Client s3, String bucket, WorkerExecutor workers) {
    this.vertx = vertx;
    this.s3 = s3;
    this.bucket = bucket;
    this.workers = workers;
  }

  @Override
  public String name() {
    return "s3";
  }

  @Override
  public Future<Void> init() {
    return blocking(() -> {
      try {
        s3.headBucket(b -> b.bucket(bucket));
      } catch (NoSuchBucketException e) {
        s3.createBucket(b -> b.bucket(bucket));
      }
      return null;
    });
  }

  @Override
  public Future<BlobWriter> create(String blobId) {
    return Future.succeededFuture(new Writer(PREFIX + blobId));
  }

  @Override
  public Future<BlobReader> open(String blobId, long start, long end) {
    return blocking(() -> new Reader(s3.getObject(b -> b.bucket(bucket).key(PREFIX + blobId).range("bytes=" + start + "-" + end))));
  }

  @Override
  public Future<Void> delete(String blobId) {
    return blocking(() -> {
      s3.deleteObject(b -> b.bucket(bucket).key(PREFIX + blobId));
      return null;
    });
  }

  @Override
  public Future<Void> check() {
    return blocking(() -> {
      s3.headBucket(b -> b.bucket(bucket));
      return null;
    });
  }

  @Override
  public Future<Long> countBlobs() {
    return blocking(() -> {
      long objects = s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(PREFIX).build())
          .contents().stream().count();
      long uploads = s3.listMultipartUploads(b -> b.bucket(bucket).prefix(PREFIX)).uploads().size();
      return objects + uploads;
    });
  }

  private <T> Future<T> blocking(Callable<T> call) {
    return workers.executeBlocking(call, false);
  }

  private final class Writer implements BlobWriter {
    private final String key;
    private final List<CompletedPart> parts = new ArrayList<>();
    private Path spool;
    private AsyncFile spoolFile;
    private long spooled;
    private String uploadId;

    Writer(String key) {
      this.key = key;
    }

    @Override
    public Future<Void> write(Buffer chunk) {
      return spoolFile().compose(file -> file.write(chunk))
          .compose(v -> {
            spooled += chunk.length();
            if (spooled < PART_SIZE) {
              return Future.succeededFuture();
            }
            return closeSpool().compose(part -> blocking(() -> {
              uploadPart(part);
              return null;
            }));
          });
    }

    @Override
    public Future<Void> finish() {
      return spoolFile().compose(file -> closeSpool()).compose(rest -> blocking(() -> {
        try {
          if (uploadId == null) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(rest));
          } else {
            if (Files.size(rest) > 0) {
              uploadPart(rest);
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
          }
          return null;
        } finally {
          Files.deleteIfExists(rest);
        }
      }));
    }

    @Override
    public Future<Void> abort() {
      Path leftover = spool;
      return closeSpool().otherwiseEmpty().compose(closed -> blocking(() -> {
        if (leftover != null) {
          Files.deleteIfExists(leftover);
        }
        if (uploadId != null) {
          try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
          } catch (S3Exception e) {
            if (e.statusCode() != 404) {
              throw e;
            }
          }
        }
        s3.deleteObject(b -> b.bucket(bucket).key(key));
        return null;
      }));
    }

    /** @return the open file the current part gathers in, created on first use */
    private Future<AsyncFile> spoolFile() {
      if (spoolFile != null) {
        return Future.succeededFuture(spoolFile);
      }
      return vertx.fileSystem().createTempFile("parley-part-", ".bin")
          .compose(name -> vertx.fileSystem().open(name, WRITE).map(file -> {
            spool = Path.of(name);
            spoolFile = file;
            return file;
          }));
    }

    /** Closes the current part's file and starts a new part; @return the closed file's path (or null when none) */
    private Future<Path> closeSpool() {
      Path path = spool;
      AsyncFile file = spoolFile;
      spool = null;
      spoolFile = null;
      spooled = 0;
      return file == null ? Future.succeededFuture(path) : file.close().map(path);
    }

    /** Uploads one spooled part and deletes its file; runs on a worker thread. */
    private void uploadPart(Path part) throws IOException {
      try {
        if (uploadId == null) {
          uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        }
        int number = parts.size() + 1;
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
            RequestBody.fromFile(part)).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      } finally {
        Files.deleteIfExists(part);
      }
    }
  }

  private final class Reader implements BlobReader {
    private final ResponseInputStream<GetObjectResponse> body;
    private boolean closed;

    Reader(ResponseInputStream<GetObjectResponse> body) {
      this.body = body;
    }

    @Override
    public Future<Buffer> read() {
      return blocking(() -> {
        try {
          byte[] piece = body.readNBytes(MAX_PIECE);
          if (piece.length == 0) {
            close();
          }
          return Buffer.buffer(piece);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        body.abort();
      }
    }
  }
}
