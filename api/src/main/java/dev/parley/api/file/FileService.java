package dev.parley.api.file;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * Files shared in meetings and conversations, served on {@link Addresses#FILE}. Bytes never travel in
 * these calls: {@link #beginUpload} and {@link #beginDownload} open a transfer whose chunks then flow
 * as event-bus messages with acknowledgements ({@link FileTransfer}), so neither side holds a whole
 * file in memory.
 *
 * <p>Spaces: {@code meeting:<meetingId>} (the meeting's members; a guest only the meeting its token
 * names, while it is open) and {@code direct:<userA>:<userB>} (the two accounts, ids ascending; once
 * one of them is deleted or disabled, the other may still list, download and delete the files there
 * but not add any). A space's id is also the id of its chat channel, where files are shared as
 * messages ({@link dev.parley.api.chat.ChatService#shareFile}). A deleted account's files stay, with
 * {@code "ownerName": "Deleted user"}.
 *
 * <p>File JSON: {@code {"id", "space", "meetingId" (or null), "name" (sanitised, UTF-8), "size" (bytes),
 * "type" (sniffed from the bytes, never the client's claim), "sha256" (hex), "state":
 * "available|pending|rejected", "scan": "unscanned|clean|infected", "signature" (the virus found, or
 * null), "ownerId", "ownerName", "createdAt" (ISO-8601 instant), "canDelete": bool (for the caller)}}.
 *
 * <p>Failures ({@link dev.parley.api.ErrorCode}): {@code BAD_REQUEST} naming the field (name, space,
 * empty file, broken transfer), {@code UNAUTHORIZED} for anonymous callers, {@code NOT_FOUND} for
 * spaces and files the caller may not see (no existence leak) and for expired, forged or replayed
 * links, {@code FORBIDDEN} for deleting someone else's file without being a host,
 * {@code PAYLOAD_TOO_LARGE} past {@code PARLEY_FILE_MAX_BYTES}, {@code CONFLICT} past the space's
 * quota ({@code PARLEY_FILE_QUOTA_BYTES}, named in the message) or for a file that is not available,
 * {@code UNAVAILABLE} when the store, the scanner (mode {@code required}) or the meeting service cannot
 * be reached.
 */
@ProxyGen
@VertxGen
public interface FileService {

  String ADDRESS = Addresses.FILE;

  /** @return a proxy with a 30 s send timeout (finishing an upload may wait for a virus scan) */
  static FileService createProxy(Vertx vertx) {
    return new FileServiceVertxEBProxy(vertx, ADDRESS, new DeliveryOptions().setSendTimeout(30_000));
  }

  /**
   * Authorises an upload and opens its transfer. Refuses at once when the declared size is over the
   * limit (413) or over the space's remaining quota (409); a transfer that grows past either later is
   * refused the same way and leaves nothing stored.
   *
   * @param draft {@code {"space", "name" (1..10000 chars before sanitising), "declaredSize" (bytes, or
   *     null when unknown)}}
   * @return {@code {"uploadId", "address" (where the chunks go), "chunkBytes" (largest chunk),
   *     "window" (most unacknowledged chunks)}}
   */
  Future<JsonObject> beginUpload(JsonObject draft, Caller caller);

  /**
   * The files of a space the caller may use, newest first.
   *
   * @return {@code {"items": [file...], "usedBytes", "quotaBytes"}}
   */
  Future<JsonObject> list(String space, Caller caller);

  /** @return one file's JSON, if the caller may see its space */
  Future<JsonObject> get(String fileId, Caller caller);

  /**
   * Opens a download of an available file, or of one byte range of it.
   *
   * @param request {@code {"start" (first byte, or null), "end" (last byte inclusive, or null),
   *     "suffix" (the last n bytes, or null), "link": {"expires", "signature"} (a signed link instead
   *     of the caller's membership, or null)}}
   * @return {@code {"file": file, "satisfiable": bool, "start", "end" (inclusive), "length",
   *     "downloadId" and "address" (absent when unsatisfiable or empty)}}
   */
  Future<JsonObject> beginDownload(String fileId, JsonObject request, Caller caller);

  /**
   * A short-lived link for {@code <a href>} and {@code <img src>}: an HMAC over the file, the caller
   * and the expiry (at most 5 minutes), so no access token goes into a URL.
   *
   * @return {@code {"fileId", "userId", "expires" (epoch seconds), "signature" (base64url)}}
   */
  Future<JsonObject> signLink(String fileId, Caller caller);

  /**
   * Deletes a file and its bytes; its uploader and the meeting's hosts and co-hosts only. Publishes
   * {@link dev.parley.api.Addresses#FILE_DELETED}, so that the chat message that shared it is deleted too.
   */
  Future<Void> delete(String fileId, Caller caller);
}
