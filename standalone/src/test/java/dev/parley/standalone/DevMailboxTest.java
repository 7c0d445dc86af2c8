package dev.parley.standalone;

import dev.parley.common.embedded.EmbeddedSmtp;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The standalone's captured-mail page: HTML in a sandboxed frame, the text part, attachments as downloads, newest first. */
@DisplayName("Dev mailbox")
class DevMailboxTest {

  private static final String ICS = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";

  private static Vertx vertx;
  private static EmbeddedSmtp smtp;
  private static WebClient client;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    smtp = EmbeddedSmtp.start();
    DevMailbox mailbox = new DevMailbox(smtp);
    await(vertx.deployVerticle(mailbox, new DeploymentOptions().setConfig(new JsonObject().put("host", "127.0.0.1").put("port", 0))));
    port = mailbox.actualPort();
    client = WebClient.create(vertx);
    MailClient mail = MailClient.create(vertx, new MailConfig().setHostname("127.0.0.1").setPort(smtp.port())
        .setStarttls(StartTLSOptions.DISABLED));
    await(mail.sendMail(new MailMessage().setFrom("p@parley.test").setTo("ann@parley.test").setSubject("First mail")
        .setText("plain first")));
    await(mail.sendMail(new MailMessage().setFrom("p@parley.test").setTo("bob@parley.test").setSubject("Second mail")
        .setText("Join at http://localhost:8080/#/join/abcd")
        .setHtml("<p>Join <a href=\"http://localhost:8080/#/join/abcd\">here</a></p><script>alert(1)</script>")
        .setAttachment(List.of(MailAttachment.create().setName("invite.ics")
            .setContentType("text/calendar; charset=UTF-8; method=REQUEST").setData(Buffer.buffer(ICS))))));
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
    smtp.close();
  }

  @Test
  @DisplayName("Mails are listed newest first, each with its text part")
  void newestFirst() throws Exception {
    String page = await(client.get(port, "127.0.0.1", "/").send()).bodyAsString();
    assertThat(page.indexOf("Second mail")).isPositive().isLessThan(page.indexOf("First mail"));
    assertThat(page).contains("<pre>plain first").contains("<pre>Join at http://localhost:8080/#/join/abcd");
  }

  @Test
  @DisplayName("The HTML part is rendered in a sandboxed frame that allows no scripts, its markup escaped into srcdoc")
  void htmlSandboxed() throws Exception {
    HttpResponse<Buffer> response = await(client.get(port, "127.0.0.1", "/").send());
    String page = response.bodyAsString();
    assertThat(page).contains("<iframe title=\"HTML part\" sandbox=\"allow-popups allow-popups-to-escape-sandbox\" srcdoc=\"")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>")
        .doesNotContain("allow-scripts").doesNotContain("allow-same-origin");
    assertThat(response.getHeader("Content-Security-Policy")).startsWith("default-src 'none'");
  }

  @Test
  @DisplayName("An attachment such as invite.ics is offered as a download with its content type, never rendered")
  void attachmentDownload() throws Exception {
    String page = await(client.get(port, "127.0.0.1", "/").send()).bodyAsString();
    assertThat(page).contains("<a download href=\"/messages/1/attachments/0\">invite.ics</a>");

    HttpResponse<Buffer> ics = await(client.get(port, "127.0.0.1", "/messages/1/attachments/0").send());
    assertThat(ics.statusCode()).isEqualTo(200);
    assertThat(ics.bodyAsString()).isEqualTo(ICS);
    assertThat(ics.getHeader("content-type")).startsWith("text/calendar");
    assertThat(ics.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"invite.ics\"");
    assertThat(ics.getHeader("Content-Security-Policy")).isEqualTo("sandbox");
    assertThat(await(client.get(port, "127.0.0.1", "/messages/1/attachments/5").send()).statusCode()).isEqualTo(404);
    assertThat(await(client.get(port, "127.0.0.1", "/messages/x/attachments/0").send()).statusCode()).isEqualTo(404);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
