package dev.parley.file.store;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
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
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Blobs as objects {@code files/<blobId>} in one S3-compatible bucket, through the AWS SDK v2's
 * blocking client (URL connection) on a worker pool, never on an event loop.
 *
 * <p>Uploads: bytes gather in a part buffer of {@link #PART_SIZE} (S3's smallest multipart part); a
 * blob that ends before the first part is full is one {@code PutObject}, a larger one a multipart
 * upload whose parts are sent as they fill. So an upload holds at most one part in memory, and
 * {@link BlobWriter#abort()} aborts the multipart upload (S3 drops its parts) or deletes the object:
 * nothing stays behind. Downloads: one ranged {@code GetObject} per reader, read piece by piece.
 */
public final class S3Store implements BlobStore {

  /** 5 MiB: the smallest part S3 accepts (except the last). */
  static final int PART_SIZE = 5 * 1024 * 1024;
  private static final String PREFIX = "files/";

  private final S3Client s3;
  private final String bucket;
  private final WorkerExecutor workers;

  /**
   * @param s3 a client configured for the endpoint, region, credentials and addressing style
   * @param workers the pool its blocking calls run on
   */
  public S3Store(S3Client s3, String bucket, WorkerExecutor workers) {
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
    private Buffer pending = Buffer.buffer();
    private String uploadId;

    Writer(String key) {
      this.key = key;
    }

    @Override
    public Future<Void> write(Buffer chunk) {
      pending.appendBuffer(chunk);
      if (pending.length() < PART_SIZE) {
        return Future.succeededFuture();
      }
      Buffer part = pending;
      pending = Buffer.buffer();
      return blocking(() -> {
        uploadPart(part);
        return null;
      });
    }

    @Override
    public Future<Void> finish() {
      Buffer rest = pending;
      pending = Buffer.buffer();
      return blocking(() -> {
        if (uploadId == null) {
          s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromByteBuffer(ByteBuffer.wrap(rest.getBytes())));
        } else {
          if (rest.length() > 0) {
            uploadPart(rest);
          }
          s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
              .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
        }
        return null;
      });
    }

    @Override
    public Future<Void> abort() {
      pending = Buffer.buffer();
      return blocking(() -> {
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
      });
    }

    /** Runs on a worker thread. */
    private void uploadPart(Buffer part) {
      if (uploadId == null) {
        uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
      }
      int number = parts.size() + 1;
      String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
          RequestBody.fromByteBuffer(ByteBuffer.wrap(part.getBytes()))).eTag();
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
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
