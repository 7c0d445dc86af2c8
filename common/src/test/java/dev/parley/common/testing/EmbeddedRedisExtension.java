package dev.parley.common.testing;

import dev.parley.common.embedded.EmbeddedRedis;

/** Injects a real {@link EmbeddedRedis} on a random port, shared by the tests of one JVM. */
public final class EmbeddedRedisExtension extends SharedResource<EmbeddedRedis> {
  public EmbeddedRedisExtension() {
    super(EmbeddedRedis.class, EmbeddedRedis::start);
  }
}
