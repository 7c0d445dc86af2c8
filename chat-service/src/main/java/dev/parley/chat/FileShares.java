package dev.parley.chat;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.file.FileService;
import dev.parley.common.mongo.MongoDates;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;

import java.time.Instant;
import java.util.List;

/**
 * Files shared as chat messages ({@link dev.parley.api.chat.ChatService#shareFile}): checks with the
 * {@link FileService}, as the sender, that a file may be shared in a channel, and keeps a file and its
 * message deleted together — a message's deletion deletes its file first ({@link #deleteFile}), a
 * file's deletion tombstones its message ({@link #tombstones}).
 *
 * <p>A file may be shared in a channel when the file service shows it to the sender, its space is the
 * channel id (the file spaces and chat channels are named alike), it is {@code available} and the
 * sender uploaded it; and when no other message of the channel shares it already.
 */
final class FileShares {

  static final String NO_SUCH_FILE = "This chat has no such file to share.";
  private final FileService files;
  private final MessageRepository messages;

  FileShares(FileService files, MessageRepository messages) {
    this.files = files;
    this.messages = messages;
  }

  /**
   * @return what the message records of the file: {@code {id, name, size, type}}; or the refusals
   *     {@link dev.parley.api.chat.ChatService#shareFile} names
   */
  Future<JsonObject> attachment(Channel channel, String fileId, String clientMessageId, Caller caller) {
    return files.get(fileId, caller).recover(err -> Future.failedFuture(refusal(err))).compose(file -> {
      if (!channel.id().equals(file.getString("space")) || !"available".equals(file.getString("state"))) {
        return Future.failedFuture(noSuchFile());
      }
      if (!caller.getUserId().equals(file.getString("ownerId"))) {
        return Future.failedFuture(ErrorCode.FORBIDDEN.exception("Only the person who uploaded a file can share it in the chat."));
      }
      return messages.sharing(channel.id(), fileId).compose(sharing -> sharing.stream().anyMatch(message ->
              !caller.getUserId().equals(message.getString("senderId")) || !clientMessageId.equals(message.getString("clientMessageId")))
          ? Future.failedFuture(ErrorCode.CONFLICT.exception("This file is in the chat already."))
          : Future.succeededFuture(new JsonObject().put("id", fileId).put("name", file.getString("name"))
              .put("size", file.getLong("size")).put("type", file.getString("type"))));
    });
  }

  /**
   * Deletes the file a message shares, as the message's sender (who uploaded it). A file that is gone
   * already counts as deleted; any other failure is returned, so the message stays as it was.
   */
  Future<Void> deleteFile(JsonObject message, Caller caller) {
    JsonObject file = message.getJsonObject("file");
    if (file == null) {
      return Future.succeededFuture();
    }
    return files.delete(file.getString("id"), caller).recover(err -> err instanceof ServiceException se
        && ErrorCode.of(se.failureCode()) == ErrorCode.NOT_FOUND ? Future.succeededFuture() : Future.failedFuture(refusal(err)));
  }

  /**
   * Tombstones the messages that share a deleted file. Idempotent and race-free across instances: only
   * the call that turns a message into a tombstone gets it back.
   *
   * @return the tombstones this call made, to publish
   */
  Future<List<JsonObject>> tombstones(String channel, String fileId, Instant now) {
    return messages.sharing(channel, fileId).compose(sharing -> Future.all(sharing.stream()
            .map(message -> messages.tombstone(message.getString("_id"), deletion(now)))
            .toList())
        .map(done -> done.<JsonObject>list().stream().filter(doc -> doc != null).toList()));
  }

  /** @return the fields a deleted message gets: no text, no file */
  static JsonObject deletion(Instant now) {
    return new JsonObject().put("text", "").put("deleted", true).putNull("file").put("editedAt", MongoDates.of(now));
  }

  private static ServiceException noSuchFile() {
    return ErrorCode.BAD_REQUEST.exception(NO_SUCH_FILE, new JsonObject().put(ErrorCode.FIELD, "fileId"));
  }

  /** The file service's NOT_FOUND is this chat's bad file id; its silence is UNAVAILABLE. */
  private static Throwable refusal(Throwable err) {
    if (err instanceof ServiceException se) {
      ErrorCode code = ErrorCode.of(se.failureCode());
      if (code == ErrorCode.NOT_FOUND) {
        return noSuchFile();
      }
      return code == ErrorCode.INTERNAL ? unavailable() : se;
    }
    return err instanceof ReplyException ? unavailable() : err;
  }

  private static ServiceException unavailable() {
    return ErrorCode.UNAVAILABLE.exception("Files are not answering right now; try again shortly.");
  }
}
