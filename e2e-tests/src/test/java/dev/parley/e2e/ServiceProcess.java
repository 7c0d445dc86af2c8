package dev.parley.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Parley service's {@code Main} running in a JVM of its own, started from this test's classpath with
 * the same {@code java} executable, its standard output and error going to a log file.
 */
final class ServiceProcess implements AutoCloseable {

  /** How long a service gets after SIGTERM: it drains and exits within 30 s (ServiceMain). */
  private static final long GRACEFUL_STOP_SECONDS = 30;
  private static final long FORCED_STOP_SECONDS = 10;

  private final String name;
  private final Process process;
  private final Path log;

  private ServiceProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} with the given {@code PARLEY_*} environment; no other {@code PARLEY_*}
   * variable is inherited from this JVM.
   *
   * @param name used in the log file's name and in messages, e.g. {@code auth-service}
   * @param logDir where {@code <name>.log} is written
   */
  static ServiceProcess start(String name, String mainClass, Map<String, String> env, Path logDir) throws IOException {
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx384m", "-XX:+UseSerialGC",
        "-cp", testClassPath(), mainClass));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("PARLEY_"));
    // No load balancer to wait for on loopback: drain without the production grace unless a test asks.
    builder.environment().put("PARLEY_DRAIN_GRACE_S", "0");
    builder.environment().putAll(env);
    Process process = builder.start();
    // Should the test JVM itself be stopped (e.g. by a surefire timeout), take the service with it.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, name + "-reaper"));
    return new ServiceProcess(name, process, log);
  }

  private static String javaExecutable() {
    return ProcessHandle.current().info().command()
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** Surefire puts only its booter jar on {@code java.class.path}; the real test classpath is here. */
  private static String testClassPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  String name() {
    return name;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** @return the last lines the process wrote, headed by its name and state, for failure messages */
  String logTail(int lines) {
    List<String> all;
    try {
      all = Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      all = List.of("(could not read " + log + ": " + e + ")");
    }
    String state = process.isAlive() ? "running" : "exited with status " + process.exitValue();
    return "---- " + name + " (" + state + "), last " + lines + " lines of " + log.toAbsolutePath() + "\n"
        + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /** Kills the process at once (SIGKILL: no shutdown hook runs, as when its machine dies) and waits for it to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(FORCED_STOP_SECONDS, TimeUnit.SECONDS);
  }

  /** Sends SIGTERM and waits for a clean exit; kills the process if it does not exit in time. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(GRACEFUL_STOP_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(FORCED_STOP_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
