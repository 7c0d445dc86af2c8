package dev.parley.common;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import dev.parley.common.config.ParleyConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.List;

/**
 * Creates Vert.x instances the way every Parley process needs them: Micrometer metrics with a
 * Prometheus registry (scraped at {@code /metrics}) and, for services run alone, a Hazelcast
 * cluster manager.
 *
 * <p>Hazelcast discovery, from configuration: {@code PARLEY_CLUSTER_MEMBERS} (comma-separated
 * {@code host[:port]}) gives a TCP-IP member list (docker-compose, tests);
 * {@code PARLEY_CLUSTER_K8S_SERVICE_DNS} names a headless Service for Kubernetes DNS discovery;
 * with neither, the node runs as a cluster of one. Multicast is never used.
 */
public final class ParleyVertx {

  /**
   * Event-loop threads of every Parley Vert.x instance: Vert.x's default, twice the available
   * processors ({@link VertxOptions#DEFAULT_EVENT_LOOP_POOL_SIZE}).
   */
  public static final int EVENT_LOOPS = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;

  private ParleyVertx() {
  }

  /**
   * @return a non-clustered Vert.x with Prometheus metrics (standalone, tests); event-bus metrics as
   *     the environment's {@value ParleyConfig#METRICS_EVENT_BUS} says (read here, before any
   *     configuration is loaded, because metrics are chosen when Vert.x is built)
   */
  public static Vertx local() {
    String flag = System.getenv().getOrDefault(ParleyConfig.METRICS_EVENT_BUS, "false");
    return Vertx.builder()
        .with(options(ParleyConfig.of(new JsonObject().put(ParleyConfig.METRICS_EVENT_BUS, flag))
            .bool(ParleyConfig.METRICS_EVENT_BUS)))
        .withMetrics(new MicrometerMetricsFactory())
        .build();
  }

  /**
   * @return a clustered Vert.x configured from {@code PARLEY_CLUSTER_*}, {@code PARLEY_EVENTBUS_PORT} and
   *     {@code PARLEY_METRICS_EVENT_BUS}; the event bus listens on the address Hazelcast bound to
   */
  public static Future<Vertx> clustered(ParleyConfig config) {
    VertxOptions options = options(config.bool(ParleyConfig.METRICS_EVENT_BUS));
    options.getEventBusOptions().setPort(config.integer(ParleyConfig.EVENTBUS_PORT));
    return Vertx.builder()
        .with(options)
        .withMetrics(new MicrometerMetricsFactory())
        .withClusterManager(new HazelcastClusterManager(hazelcastConfig(config)))
        .buildClustered();
  }

  /**
   * @param eventBusMetrics whether to count event-bus messages ({@code vertx_eventbus_*}): off unless
   *     asked for, because Micrometer looks its meters up for every message sent and received, which
   *     cost the signaling relay about 6 % of its throughput (bench/README.md)
   */
  private static VertxOptions options(boolean eventBusMetrics) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    if (!eventBusMetrics) {
      metrics.addDisabledMetricsCategory(MetricsDomain.EVENT_BUS);
    }
    return new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS).setMetricsOptions(metrics);
  }

  static Config hazelcastConfig(ParleyConfig config) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(config.string(ParleyConfig.CLUSTER_NAME));
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    String host = config.string(ParleyConfig.CLUSTER_HOST);
    hz.getNetworkConfig().setPort(config.integer(ParleyConfig.CLUSTER_PORT)).setPortAutoIncrement(true);
    hz.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(host);
    hz.getNetworkConfig().setPublicAddress(null);
    JoinConfig join = hz.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    List<String> members = config.list(ParleyConfig.CLUSTER_MEMBERS);
    String serviceDns = config.string(ParleyConfig.CLUSTER_K8S_SERVICE_DNS);
    if (serviceDns != null) {
      join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", serviceDns);
    } else if (!members.isEmpty()) {
      join.getTcpIpConfig().setEnabled(true).setMembers(members);
    }
    return hz;
  }
}
