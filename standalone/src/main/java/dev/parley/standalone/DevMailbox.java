package dev.parley.standalone;

import dev.parley.common.embedded.EmbeddedSmtp;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.util.List;

/**
 * Development only: a page listing the mail the embedded SMTP server captured (newest first, with
 * recipients, subject and the plain-text part), so that a developer can follow password-reset and
 * booking links without a real mailbox. Config: {@code host}, {@code port}.
 */
final class DevMailbox extends VerticleBase {

  private final EmbeddedSmtp smtp;
  private HttpServer server;

  DevMailbox(EmbeddedSmtp smtp) {
    this.smtp = smtp;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/").blockingHandler(this::list);
    return vertx.createHttpServer().requestHandler(router)
        .listen(config().getInteger("port"), config().getString("host"))
        .onSuccess(listening -> server = listening);
  }

  int actualPort() {
    return server.actualPort();
  }

  private void list(RoutingContext rc) {
    List<MimeMessage> messages = smtp.messages();
    StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>Parley dev mailbox</title>"
        + "<style>body{font:15px system-ui;margin:2rem;max-width:60rem}article{border:1px solid #ccc;"
        + "border-radius:8px;padding:1rem;margin:1rem 0}pre{white-space:pre-wrap}</style>"
        + "<h1>Parley dev mailbox</h1><p>" + messages.size() + " message(s) captured by the embedded SMTP server.</p>");
    for (int i = messages.size() - 1; i >= 0; i--) {
      MimeMessage message = messages.get(i);
      try {
        html.append("<article><h2>").append(escape(message.getSubject())).append("</h2><p>To: ")
            .append(escape(String.join(", ", List.of(message.getAllRecipients()).stream().map(Object::toString).toList())))
            .append(" &middot; ").append(escape(String.valueOf(message.getSentDate())))
            .append("</p><pre>").append(escape(text(message))).append("</pre></article>");
      } catch (Exception e) {
        html.append("<article>Unreadable message: ").append(escape(e.getMessage())).append("</article>");
      }
    }
    rc.response().putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
        .end(html.toString());
  }

  private static String text(Part part) throws Exception {
    if (part.isMimeType("text/plain")) {
      return part.getContent().toString();
    }
    if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        String text = text(child);
        if (!text.isEmpty()) {
          return text;
        }
      }
    }
    return "";
  }

  private static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
