package dev.parley.common;

import dev.parley.common.config.ParleyConfig;
import dev.parley.common.ops.Drain;
import dev.parley.common.ops.OpsRoutes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Deployable;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs one Parley service alone in its own JVM, clustered with Hazelcast (DESIGN §1, §6): reads
 * {@code PARLEY_*} configuration, joins the cluster, deploys the service's verticle, and unless the
 * service serves them itself (the gateway) starts an operations HTTP server on
 * {@code PARLEY_HTTP_PORT} with {@code /health/live}, {@code /health/ready} and {@code /metrics}.
 * On SIGTERM it drains and exits within 30 s: readiness fails at once and every verticle is told
 * ({@link Drain}; the gateway closes its WebSockets with 1001 so that clients resume on another
 * gateway); requests already accepted go on for {@code PARLEY_DRAIN_GRACE_S} (5 s by default, while
 * load balancers take the instance out); then Vert.x closes, undeploying the verticles and leaving the
 * cluster (at most 20 s).
 */
public final class ServiceMain {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

  private final String name;
  private final Deployer deployer;
  private final boolean opsServer;
  private final boolean checkStores;

  /**
   * @param name the service name used in logs, e.g. {@code auth-service}
   * @param verticle creates the service's verticle
   * @param opsServer whether to start the operations server (false for the gateway, which mounts the
   *     same routes on its public server)
   * @param checkStores whether readiness includes MongoDB and Redis
   */
  public ServiceMain(String name, Supplier<Deployable> verticle, boolean opsServer, boolean checkStores) {
    this(name, (vertx, options) -> vertx.deployVerticle(verticle.get(), options), opsServer, checkStores);
  }

  /** Deploys a service's verticles on a started Vert.x. */
  @FunctionalInterface
  public interface Deployer {
    /**
     * @param options carries the whole {@code PARLEY_*} configuration as its config
     * @return completes once the service is deployed
     */
    Future<?> deploy(Vertx vertx, DeploymentOptions options);
  }

  /**
   * @param deployer deploys the service (e.g. several instances of its verticle)
   * @see #ServiceMain(String, Supplier, boolean, boolean)
   */
  public ServiceMain(String name, Deployer deployer, boolean opsServer, boolean checkStores) {
    this.name = name;
    this.deployer = deployer;
    this.opsServer = opsServer;
    this.checkStores = checkStores;
  }

  private final java.util.Map<String, Supplier<Future<?>>> checks = new java.util.LinkedHashMap<>();

  /**
   * Adds a readiness check of the service's own (e.g. the file service's blob store) to
   * {@code /health/ready}, beside the cluster and the stores.
   *
   * @param probe succeeds when the dependency answers; called only after the service is deployed
   * @return this
   */
  public ServiceMain check(String name, Supplier<Future<?>> probe) {
    checks.put(name, probe);
    return this;
  }

  /** Starts the service and blocks until it is up; exits the JVM with status 1 if it cannot start. */
  public void run() {
    long started = System.nanoTime();
    ParleyConfig config;
    Vertx bootstrap = Vertx.vertx();
    try {
      // Blocking here is fine: this is the main thread, and the cluster settings are needed before
      // the clustered Vert.x can be built.
      config = ParleyConfig.load(bootstrap, new JsonObject()).await();
    } catch (Throwable err) {
      LOG.error("{} could not read its configuration", name, err);
      System.exit(1);
      return;
    } finally {
      bootstrap.close();
    }
    ParleyVertx.clustered(config)
        .compose(vertx -> deploy(vertx, config).map(vertx))
        .onSuccess(vertx -> {
          LOG.info("{} is up in {} ms (clustered: {})", name, (System.nanoTime() - started) / 1_000_000, vertx.isClustered());
          // At most 10 s, so that the grace and the 20 s close stay within the 30 s drain.
          Duration grace = Duration.ofSeconds(Math.max(0, Math.min(10, config.integer(ParleyConfig.DRAIN_GRACE_S))));
          Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(vertx, grace), name + "-shutdown"));
        })
        .onFailure(err -> {
          LOG.error("{} failed to start", name, err);
          System.exit(1);
        });
  }

  private Future<?> deploy(Vertx vertx, ParleyConfig config) {
    Future<?> deployed = deployer.deploy(vertx, new DeploymentOptions().setConfig(config.toJson()));
    if (!opsServer) {
      return deployed;
    }
    return deployed.compose(id -> {
      OpsRoutes ops = new OpsRoutes(vertx).checkCluster();
      if (checkStores) {
        ops.checkMongo(Clients.mongo(vertx, config)).checkRedis(Clients.redis(vertx, config));
      }
      checks.forEach(ops::checkService);
      return vertx.createHttpServer()
          .requestHandler(ops.mount(Router.router(vertx)))
          .listen(config.httpPort(), config.httpHost())
          .map(server -> {
            LOG.info("{} operations endpoints on port {}", name, server.actualPort());
            return id;
          });
    });
  }

  private void shutdown(Vertx vertx, Duration grace) {
    long started = System.nanoTime();
    LOG.info("{} shutting down: draining for {} s", name, grace.toSeconds());
    Drain.begin(vertx);
    CountDownLatch closed = new CountDownLatch(1);
    try {
      // The grace is time for load balancers to see readiness fail and for requests in flight to
      // end; nothing in the process can tell when the last balancer has looked.
      Thread.sleep(grace.toMillis());
      vertx.close().onComplete(ar -> closed.countDown());
      if (closed.await(20, TimeUnit.SECONDS)) {
        LOG.info("{} stopped {} ms after SIGTERM", name, (System.nanoTime() - started) / 1_000_000);
      } else {
        LOG.warn("{} did not close within 20 s", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
