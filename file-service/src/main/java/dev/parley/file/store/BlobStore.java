package dev.parley.file.store;

import io.vertx.core.Future;

/**
 * Where the bytes of files live, addressed by a blob id the file service chooses (never a client's
 * name). Bytes flow in and out piece by piece: a writer accepts chunks one after the other and a reader
 * hands out the next piece of a byte range, so no implementation holds a whole file in memory.
 * Implementations never block an event loop. Failures are plain exceptions; the service turns them
 * into {@code UNAVAILABLE}.
 */
public interface BlobStore {

  /** @return {@code gridfs} or {@code s3}, for logs, readiness and metrics */
  String name();

  /** Prepares the store (indexes, bucket); called once before use. */
  Future<Void> init();

  /** @return a writer for a new blob; nothing is visible under the id until {@link BlobWriter#finish()} */
  Future<BlobWriter> create(String blobId);

  /**
   * @param start first byte, 0-based
   * @param end last byte, inclusive ({@code end >= start}, both within the blob)
   * @return a reader of that range
   */
  Future<BlobReader> open(String blobId, long start, long end);

  /** Removes a blob; removing one that does not exist succeeds. */
  Future<Void> delete(String blobId);

  /** Succeeds when the store answers (readiness). */
  Future<Void> check();

  /** @return how many blobs (finished or partly written) the store holds, for operations and tests */
  Future<Long> countBlobs();
}
