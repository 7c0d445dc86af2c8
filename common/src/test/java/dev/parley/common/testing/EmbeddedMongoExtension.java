package dev.parley.common.testing;

import dev.parley.common.embedded.EmbeddedMongo;

/**
 * Injects an in-memory {@link EmbeddedMongo} on a random port, shared by the tests of one JVM. Use a
 * fresh database name per test class ({@link TestConfig}) to keep tests apart.
 */
public final class EmbeddedMongoExtension extends SharedResource<EmbeddedMongo> {
  public EmbeddedMongoExtension() {
    super(EmbeddedMongo.class, EmbeddedMongo::inMemory);
  }
}
