package dev.parley.gateway.ws;

import dev.parley.api.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Ref-counted topic subscriptions of one gateway node (DESIGN §3): at most one event-bus consumer per
 * topic, however many local sockets need it, registered when the first socket subscribes and
 * unregistered when the last one leaves. A message on the topic is handed over once, with the topic's
 * local sockets, to be written to each of them except the one named by the {@link Addresses#HEADER_EXCLUDE}
 * header (so that the frame can be encoded once for all of them).
 *
 * <p>Not thread-safe: used from the gateway verticle's event loop only.
 */
public final class TopicSubscriptions {

  private final Vertx vertx;
  private final Delivery deliver;
  private final Map<String, Topic> topics = new HashMap<>();

  /** Writes one frame to local connections. */
  @FunctionalInterface
  public interface Delivery {
    /**
     * @param connectionIds the connections to write to, by id (a snapshot: the caller may change the topic)
     * @param exclude the id of a connection to leave out, or {@code null}
     */
    void deliver(String[] connectionIds, String exclude, JsonObject frame);
  }

  /**
   * @param deliver writes a frame to local connections by id
   */
  public TopicSubscriptions(Vertx vertx, Delivery deliver) {
    this.vertx = vertx;
    this.deliver = deliver;
  }

  /** Adds the connection to the topic, registering the topic's consumer if it is the first. */
  public void subscribe(String topic, String connectionId) {
    topics.computeIfAbsent(topic, this::register).connections.add(connectionId);
  }

  /** Removes the connection from the topic, unregistering the consumer when none remain. */
  public void unsubscribe(String topic, String connectionId) {
    Topic entry = topics.get(topic);
    if (entry != null && entry.connections.remove(connectionId) && entry.connections.isEmpty()) {
      topics.remove(topic);
      entry.consumer.unregister();
    }
  }

  /**
   * @return completes once the topic's consumer is registered (cluster-wide in clustered mode), so that
   *     every message published afterwards reaches this node; at once when the topic has no consumer
   */
  public Future<Void> ready(String topic) {
    Topic entry = topics.get(topic);
    return entry == null ? Future.succeededFuture() : entry.consumer.completion();
  }

  /** @return how many local connections hold the topic (0 when it has no consumer) */
  public int referenceCount(String topic) {
    Topic entry = topics.get(topic);
    return entry == null ? 0 : entry.connections.size();
  }

  /** @return how many event-bus consumers this node holds for topics */
  public int consumerCount() {
    return topics.size();
  }

  private Topic register(String topic) {
    Topic entry = new Topic();
    entry.consumer = vertx.eventBus().consumer(topic, (Message<JsonObject> message) -> fanOut(entry, message));
    return entry;
  }

  private void fanOut(Topic entry, Message<JsonObject> message) {
    deliver.deliver(entry.connections.toArray(String[]::new), message.headers().get(Addresses.HEADER_EXCLUDE), message.body());
  }

  private static final class Topic {
    private final Set<String> connections = new LinkedHashSet<>();
    private MessageConsumer<JsonObject> consumer;
  }
}
