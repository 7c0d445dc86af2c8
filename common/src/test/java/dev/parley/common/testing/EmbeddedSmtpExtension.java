package dev.parley.common.testing;

import dev.parley.common.embedded.EmbeddedSmtp;

/** Injects a GreenMail {@link EmbeddedSmtp} on a random port, shared by the tests of one JVM. */
public final class EmbeddedSmtpExtension extends SharedResource<EmbeddedSmtp> {
  public EmbeddedSmtpExtension() {
    super(EmbeddedSmtp.class, EmbeddedSmtp::start);
  }
}
