package dev.parley.common;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import dev.parley.common.config.ParleyConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
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

  private ParleyVertx() {
  }

  /** @return a non-clustered Vert.x with Prometheus metrics (standalone, tests) */
  public static Vertx local() {
    return builder().build();
  }

  /** @return a clustered Vert.x configured from {@code PARLEY_CLUSTER_*} */
  public static Future<Vertx> clustered(ParleyConfig config) {
    return builder()
        .withClusterManager(new HazelcastClusterManager(hazelcastConfig(config)))
        .buildClustered();
  }

  private static VertxBuilder builder() {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory());
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
