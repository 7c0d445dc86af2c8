package dev.parley.common.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.net.InetSocketAddress;

/**
 * A MongoDB wire-protocol server in this JVM (mongo-java-server) on a free loopback port, for
 * development and tests. In-memory by default; {@code standalone} passes a file-backed (H2) backend.
 */
public final class EmbeddedMongo implements AutoCloseable {

  private final MongoServer server;
  private final InetSocketAddress address;

  private EmbeddedMongo(MongoServer server) {
    this.server = server;
    this.address = server.bind();
  }

  /** Starts an in-memory server. */
  public static EmbeddedMongo inMemory() {
    return new EmbeddedMongo(new MongoServer(new MemoryBackend()));
  }

  /** Starts a server over the given backend (e.g. {@code new H2Backend(file)}). */
  public static EmbeddedMongo over(MongoBackend backend) {
    return new EmbeddedMongo(new MongoServer(backend));
  }

  /** @return {@code mongodb://127.0.0.1:<port>} */
  public String connectionString() {
    return "mongodb://" + address.getHostString() + ":" + address.getPort();
  }

  /**
   * Runs an in-memory server until the process is stopped, after printing its connection string as the
   * first line of standard output. {@code deploy/build-images.sh --boot-check} gives a booted service
   * image its store this way (no MongoDB binary is needed).
   */
  public static void main(String[] args) throws InterruptedException {
    EmbeddedMongo mongo = inMemory();
    Runtime.getRuntime().addShutdownHook(new Thread(mongo::close));
    System.out.println(mongo.connectionString());
    System.out.flush();
    Thread.currentThread().join();
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
