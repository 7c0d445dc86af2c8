package dev.parley.common.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

/** Where Parley's own counters go: the registry {@code /metrics} serves. */
public final class Meters {

  private Meters() {
  }

  /**
   * @return the Vert.x instance's metrics registry (the one {@code /metrics} serves), or a private one
   *     (counted but not exposed) when Vert.x runs without metrics, as in some tests
   */
  public static MeterRegistry registry() {
    MeterRegistry shared = BackendRegistries.getDefaultNow();
    return shared != null ? shared : new SimpleMeterRegistry();
  }
}
