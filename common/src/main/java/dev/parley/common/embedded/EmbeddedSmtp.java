package dev.parley.common.embedded;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;

import java.util.List;

/**
 * An SMTP server (GreenMail) on a free loopback port that accepts every message for any address and
 * keeps it in memory, so that development and tests can read what Parley sent.
 */
public final class EmbeddedSmtp implements AutoCloseable {

  private final GreenMail greenMail;

  private EmbeddedSmtp(GreenMail greenMail) {
    this.greenMail = greenMail;
  }

  /** Starts a server that accepts any sender, recipient and (ignored) credentials. */
  public static EmbeddedSmtp start() {
    GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    greenMail.start();
    return new EmbeddedSmtp(greenMail);
  }

  /** @return the port it listens on, at 127.0.0.1 */
  public int port() {
    return greenMail.getSmtp().getPort();
  }

  /** @return every message received so far, oldest first */
  public List<MimeMessage> messages() {
    return List.of(greenMail.getReceivedMessages());
  }

  /**
   * Waits for messages to arrive.
   *
   * @param count how many messages in total
   * @param timeoutMillis at most this long
   * @return whether that many arrived
   */
  public boolean awaitMessages(int count, long timeoutMillis) {
    return greenMail.waitForIncomingEmail(timeoutMillis, count);
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
