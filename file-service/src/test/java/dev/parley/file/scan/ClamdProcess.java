package dev.parley.file.scan;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's clamd ({@code apt-get install clamav-daemon}) in the foreground on a free loopback port
 * with a signature database this class writes itself: one body signature, {@link #SIGNATURE}, matching
 * {@link #MARKER} anywhere in a file. No virus database is downloaded.
 */
public final class ClamdProcess implements AutoCloseable {

  /** The clamd binary. */
  public static final Path CLAMD = Path.of("/usr/sbin/clamd");
  /** Bytes that make a file "infected" for this database (an EICAR-like test string). */
  public static final String MARKER = "PARLEY-TEST-VIRUS-SIGNATURE-7f3a";
  /** The name clamd reports for it. */
  public static final String SIGNATURE = "Parley.Test.Signature.UNOFFICIAL";

  private final Process process;
  private final int port;

  private ClamdProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static boolean installed() {
    return Files.isExecutable(CLAMD);
  }

  public static ClamdProcess start() throws Exception {
    Path dir = Files.createTempDirectory("clamd");
    Path db = Files.createDirectories(dir.resolve("db"));
    Files.writeString(db.resolve("parley.ndb"), "Parley.Test.Signature:0:*:"
        + HexFormat.of().formatHex(MARKER.getBytes(StandardCharsets.US_ASCII)) + "\n");
    int port = freePort();
    Path conf = dir.resolve("clamd.conf");
    Files.writeString(conf, String.join("\n",
        "Foreground yes",
        "TCPSocket " + port,
        "TCPAddr 127.0.0.1",
        "DatabaseDirectory " + db,
        "PidFile " + dir.resolve("clamd.pid"),
        "StreamMaxLength 50M",
        "") );
    Process process = new ProcessBuilder(List.of(CLAMD.toString(), "-c", conf.toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("clamd.log").toFile()).start();
    ClamdProcess clamd = new ClamdProcess(process, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!clamd.pong()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("clamd did not start; see " + dir.resolve("clamd.log"));
      }
      Thread.sleep(100);
    }
    return clamd;
  }

  public int port() {
    return port;
  }

  private boolean pong() {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write("zPING\0".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readNBytes(4), StandardCharsets.US_ASCII).equals("PONG");
    } catch (IOException e) {
      return false;
    }
  }

  /** @return a loopback port nothing listens on (a clamd that is down) */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
