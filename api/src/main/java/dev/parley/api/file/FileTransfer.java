package dev.parley.api.file;

/**
 * The chunk protocol behind {@link FileService#beginUpload} and {@link FileService#beginDownload}.
 * Each file-service instance consumes one address ({@code parley.file.transfer.<instanceId>}, handed
 * out as {@code address}); messages name their transfer in the {@link #TRANSFER} header.
 *
 * <ul>
 *   <li>Upload: the sender sends {@link #WRITE} messages whose body is a {@code Buffer} of at most
 *       {@code chunkBytes} bytes, numbered 0, 1, 2... in {@link #SEQ}, with at most {@code window} of
 *       them unacknowledged; each reply (an empty body) acknowledges one chunk handed to the store. Then
 *       one {@link #END}, answered with the stored file's JSON, or {@link #ABORT}, after which nothing
 *       is kept. A refused chunk fails with the {@code ErrorCode}'s failure code and ends the upload.</li>
 *   <li>Download: the receiver sends {@link #READ} messages; each reply is the next {@code Buffer}
 *       of the range, an empty one once it is exhausted (which closes the transfer); {@link #ABORT}
 *       closes it early.</li>
 * </ul>
 *
 * A transfer that hears nothing for {@link #IDLE_TIMEOUT_MS} is aborted by the service.
 */
public final class FileTransfer {

  /** Header naming the transfer (the {@code uploadId} or {@code downloadId}). */
  public static final String TRANSFER = "transfer";
  /** Header naming the action: {@link #WRITE}, {@link #END}, {@link #READ} or {@link #ABORT}. */
  public static final String ACTION = "action";
  /** Header numbering an upload's chunks from 0. */
  public static final String SEQ = "seq";
  public static final String WRITE = "write";
  public static final String END = "end";
  public static final String READ = "read";
  public static final String ABORT = "abort";
  /** A transfer silent this long is aborted and whatever it wrote removed. */
  public static final long IDLE_TIMEOUT_MS = 30_000;
  /** Send timeout for each transfer message (a store write or read, not the whole transfer). */
  public static final long MESSAGE_TIMEOUT_MS = 30_000;
  /**
   * Send timeout for {@link #END}: finishing may assemble a large multipart upload in the store and wait
   * for the scanner's verdict, which takes longer than one chunk.
   */
  public static final long END_TIMEOUT_MS = 300_000;

  private FileTransfer() {
  }
}
