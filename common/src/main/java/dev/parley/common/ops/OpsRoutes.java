package dev.parley.common.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;

import java.util.function.Supplier;

/**
 * The operations endpoints every Parley process serves: {@code GET /health/live} (the process and
 * its event loop answer), {@code GET /health/ready} (200 only when every registered dependency
 * answers within 2 s and the process is not draining, 503 otherwise, with a JSON body naming each
 * check) and {@code GET /metrics} (Prometheus text format).
 *
 * <p>Readiness always includes the check {@code drain}, which fails from the moment the process
 * starts draining ({@link Drain#begin}) so that load balancers and Kubernetes stop sending it work.
 */
public final class OpsRoutes {

  private static final long CHECK_TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final HealthChecks readiness;

  /** @param vertx the instance whose dependencies are checked */
  public OpsRoutes(Vertx vertx) {
    this.vertx = vertx;
    this.readiness = HealthChecks.create(vertx);
    readiness.register("drain", promise -> promise.complete(Drain.draining(vertx)
        ? Status.KO(new JsonObject().put("reason", "the process is shutting down"))
        : Status.OK()));
  }

  /** Adds a readiness check that runs MongoDB's {@code ping} command. */
  public OpsRoutes checkMongo(MongoClient mongo) {
    readiness.register("mongo", CHECK_TIMEOUT_MS, promise -> mongo.runCommand("ping", new JsonObject().put("ping", 1))
        .onSuccess(reply -> promise.complete(Status.OK()))
        .onFailure(err -> promise.complete(Status.KO(new JsonObject().put("error", err.getMessage())))));
    return this;
  }

  /** Adds a readiness check that sends Redis {@code PING}. */
  public OpsRoutes checkRedis(Redis redis) {
    readiness.register("redis", CHECK_TIMEOUT_MS, promise -> redis.send(Request.cmd(Command.PING))
        .onSuccess(reply -> promise.complete(Status.OK()))
        .onFailure(err -> promise.complete(Status.KO(new JsonObject().put("error", err.getMessage())))));
    return this;
  }

  /**
   * Adds a readiness check of cluster membership: for a clustered instance, Hazelcast's own check
   * (the member is in a safe state); a non-clustered instance (standalone) is a cluster of one and
   * always passes.
   */
  public OpsRoutes checkCluster() {
    if (vertx.isClustered()) {
      readiness.register("cluster", CHECK_TIMEOUT_MS, ClusterHealthCheck.createProcedure(vertx));
    } else {
      readiness.register("cluster", CHECK_TIMEOUT_MS, promise -> promise.complete(
          Status.OK(new JsonObject().put("mode", "standalone"))));
    }
    return this;
  }

  /**
   * Adds a readiness check that a service answers over the event bus.
   *
   * @param name the check's name, e.g. {@code auth}
   * @param probe a cheap call to the service
   */
  public OpsRoutes checkService(String name, Supplier<Future<?>> probe) {
    readiness.register(name, CHECK_TIMEOUT_MS, promise -> probe.get()
        .onSuccess(reply -> promise.complete(Status.OK()))
        .onFailure(err -> promise.complete(Status.KO(new JsonObject().put("error", err.getMessage())))));
    return this;
  }

  /** Mounts {@code /health/live}, {@code /health/ready} and {@code /metrics} on the router. */
  public Router mount(Router router) {
    router.get("/health/live").handler(rc -> rc.response()
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("status", "UP").encode()));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness));
    router.get("/metrics").handler(PrometheusScrapingHandler.create());
    return router;
  }
}
