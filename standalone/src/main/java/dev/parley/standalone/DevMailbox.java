package dev.parley.standalone;

import dev.parley.common.embedded.EmbeddedSmtp;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.mail.internet.MimeMessage;

import java.util.List;

/**
 * Development only: a page listing the mail the embedded SMTP server captured, newest first, so that a
 * developer can follow password-reset, booking and invitation links without a real mailbox. Each mail
 * shows its recipients, subject, date, its HTML part rendered in a sandboxed {@code <iframe srcdoc>}
 * (no scripts, no same origin, no forms: a mail's markup cannot touch this page; links open in a new
 * tab), its plain-text part, and its attachments (e.g. {@code invite.ics}) as downloads at
 * {@code /messages/<n>/attachments/<k>} ({@code n} counts captured mails from 0, oldest first). Config:
 * {@code host}, {@code port}.
 */
final class DevMailbox extends VerticleBase {

  private static final String STYLE = "<style>body{font:15px system-ui;margin:2rem;max-width:60rem}article{border:1px solid #ccc;"
      + "border-radius:8px;padding:1rem;margin:1rem 0}pre{white-space:pre-wrap}iframe{width:100%;height:20rem;"
      + "border:1px solid #ddd;border-radius:4px;background:#fff}h3{font-size:0.9rem;color:#555;margin:1rem 0 0.25rem}</style>";

  private final EmbeddedSmtp smtp;
  private HttpServer server;

  DevMailbox(EmbeddedSmtp smtp) {
    this.smtp = smtp;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/").blockingHandler(this::list);
    router.get("/messages/:n/attachments/:k").blockingHandler(this::attachment);
    return vertx.createHttpServer().requestHandler(router)
        .listen(config().getInteger("port"), config().getString("host"))
        .onSuccess(listening -> server = listening);
  }

  int actualPort() {
    return server.actualPort();
  }

  private void list(RoutingContext rc) {
    List<MimeMessage> messages = smtp.messages();
    StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>Parley dev mailbox</title>" + STYLE
        + "<h1>Parley dev mailbox</h1><p>" + messages.size() + " message(s) captured by the embedded SMTP server, newest first.</p>");
    for (int i = messages.size() - 1; i >= 0; i--) {
      MimeMessage message = messages.get(i);
      try {
        html.append(article(i, message));
      } catch (Exception e) {
        html.append("<article>Unreadable message: ").append(escape(e.getMessage())).append("</article>");
      }
    }
    rc.response().putHeader("content-type", "text/html; charset=utf-8")
        // srcdoc frames inherit this policy: a mail's HTML gets inline styles and nothing else.
        .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
        .end(html.toString());
  }

  private static String article(int index, MimeMessage message) throws Exception {
    MailParts parts = MailParts.of(message);
    StringBuilder html = new StringBuilder("<article data-message=\"").append(index).append("\"><h2>")
        .append(escape(message.getSubject())).append("</h2><p>To: ")
        .append(escape(String.join(", ", List.of(message.getAllRecipients()).stream().map(Object::toString).toList())))
        .append(" &middot; ").append(escape(String.valueOf(message.getSentDate()))).append("</p>");
    if (parts.html() != null) {
      // The mail's links open in a new tab, outside the sandbox; nothing else is allowed.
      String document = "<!doctype html><meta charset=utf-8><base target=_blank>" + parts.html();
      html.append("<h3>HTML</h3><iframe title=\"HTML part\" sandbox=\"allow-popups allow-popups-to-escape-sandbox\" srcdoc=\"")
          .append(escape(document)).append("\"></iframe>");
    }
    html.append("<h3>Text</h3><pre>").append(escape(parts.text())).append("</pre>");
    if (!parts.attachments().isEmpty()) {
      html.append("<h3>Attachments</h3><ul>");
      for (int k = 0; k < parts.attachments().size(); k++) {
        MailParts.Attachment attachment = parts.attachments().get(k);
        html.append("<li><a download href=\"/messages/").append(index).append("/attachments/").append(k).append("\">")
            .append(escape(attachment.name())).append("</a> (").append(escape(attachment.contentType())).append(")</li>");
      }
      html.append("</ul>");
    }
    return html.append("</article>").toString();
  }

  /** Serves one attachment as a download, never rendered by the browser. */
  private void attachment(RoutingContext rc) {
    List<MimeMessage> messages = smtp.messages();
    try {
      int n = Integer.parseInt(rc.pathParam("n"));
      int k = Integer.parseInt(rc.pathParam("k"));
      MailParts.Attachment attachment = MailParts.of(messages.get(n)).attachments().get(k);
      String name = attachment.name().replaceAll("[^A-Za-z0-9._-]", "_");
      rc.response()
          .putHeader("content-type", attachment.contentType().replaceAll("[\\r\\n]", " "))
          .putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"")
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Content-Security-Policy", "sandbox")
          .end(Buffer.buffer(attachment.bytes()));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      rc.response().setStatusCode(404).end("No such attachment.");
    } catch (Exception e) {
      rc.response().setStatusCode(500).end("Unreadable message.");
    }
  }

  private static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
