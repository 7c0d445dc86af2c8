package dev.parley.file.scan;

import dev.parley.api.ErrorCode;
import dev.parley.file.FileSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Scans uploads with ClamAV's clamd over TCP, {@code zINSTREAM}: each chunk goes to clamd as
 * {@code <4-byte big-endian length><bytes>} while it goes to the store, a zero length ends the stream,
 * and clamd answers {@code stream: OK} or {@code stream: <signature> FOUND}. Non-blocking (a Vert.x
 * {@link NetClient}); a chunk counts as written once the socket took it.
 *
 * <p>When clamd cannot be reached or answers with an error (for example a file over its
 * {@code StreamMaxLength}), mode {@code required} refuses the upload with {@code UNAVAILABLE} and mode
 * {@code fail-open} stores the file as {@code unscanned}.
 */
public final class Clamd implements Scanner {

  private static final Logger LOG = LoggerFactory.getLogger(Clamd.class);
  private static final String UNREACHABLE = "The virus scanner cannot be reached right now; try again shortly.";
  private final NetClient client;
  private final FileSettings.Clamd settings;

  public Clamd(Vertx vertx, FileSettings.Clamd settings) {
    this.settings = settings;
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5_000)
        .setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS));
  }

  @Override
  public Future<Session> open() {
    return client.connect(settings.port(), settings.host())
        .<Session>map(socket -> new Stream(socket))
        .recover(err -> {
          LOG.warn("clamd at {}:{} is unreachable: {}", settings.host(), settings.port(), err.getMessage());
          return settings.failOpen() ? Future.succeededFuture(Session.UNSCANNED)
              : Future.failedFuture(ErrorCode.UNAVAILABLE.exception(UNREACHABLE));
        });
  }

  private final class Stream implements Session {
    private final NetSocket socket;
    private final Buffer answer = Buffer.buffer();
    private final Promise<String> closed = Promise.promise();
    private boolean broken;

    Stream(NetSocket socket) {
      this.socket = socket;
      socket.handler(answer::appendBuffer);
      socket.closeHandler(v -> closed.tryComplete(answer.toString(StandardCharsets.US_ASCII)));
      socket.exceptionHandler(err -> broken = true);
      socket.write(Buffer.buffer("zINSTREAM\0"));
    }

    @Override
    public Future<Void> write(Buffer chunk) {
      if (broken || closed.future().isComplete()) {
        return degraded();
      }
      return socket.write(Buffer.buffer(chunk.length() + 4).appendInt(chunk.length()).appendBuffer(chunk))
          .recover(err -> degraded());
    }

    @Override
    public Future<ScanResult> finish() {
      Future<Void> ended = broken || closed.future().isComplete() ? Future.succeededFuture()
          : socket.write(Buffer.buffer().appendInt(0)).recover(err -> Future.succeededFuture());
      return ended.compose(v -> closed.future()).compose(this::verdict);
    }

    @Override
    public void abort() {
      socket.close();
    }

    private Future<ScanResult> verdict(String text) {
      String reply = text.replace("\0", "").trim();
      if (reply.endsWith(" OK")) {
        return Future.succeededFuture(ScanResult.CLEAN);
      }
      if (reply.endsWith(" FOUND")) {
        String signature = reply.substring(reply.indexOf(':') + 1, reply.length() - " FOUND".length()).trim();
        return Future.succeededFuture(new ScanResult("infected", signature));
      }
      LOG.warn("clamd did not scan a file: '{}'", reply);
      return settings.failOpen() ? Future.succeededFuture(ScanResult.UNSCANNED)
          : Future.failedFuture(ErrorCode.UNAVAILABLE.exception("The virus scanner could not scan this file."));
    }

    /** clamd dropped the stream (usually past its StreamMaxLength): the verdict comes with finish(). */
    private Future<Void> degraded() {
      broken = true;
      return Future.succeededFuture();
    }
  }
}
