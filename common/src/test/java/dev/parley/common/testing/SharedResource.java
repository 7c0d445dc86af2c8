package dev.parley.common.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.function.Supplier;

/**
 * Base of the embedded-store extensions: one instance of the resource per test JVM, started on first
 * use, stored in JUnit's root store so that it is closed when the run ends, and injected into test
 * constructors, lifecycle methods and test methods by type.
 */
abstract class SharedResource<T extends AutoCloseable> implements ParameterResolver {

  private final Class<T> type;
  private final Supplier<T> starter;

  SharedResource(Class<T> type, Supplier<T> starter) {
    this.type = type;
    this.starter = starter;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == type;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(type.getName(), key -> new Holder<>(starter.get()), Holder.class)
        .resource;
  }

  /** Closes the resource when JUnit closes the root store at the end of the run. */
  private record Holder<T extends AutoCloseable>(T resource) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws Exception {
      resource.close();
    }
  }
}
