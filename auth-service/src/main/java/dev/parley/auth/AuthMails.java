package dev.parley.auth;

import io.vertx.core.Future;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The mails the auth service sends, each with a plain-text and an HTML part. */
final class AuthMails {

  private final MailClient mail;
  private final String from;
  private final String publicUrl;

  AuthMails(MailClient mail, String from, String publicUrl) {
    this.mail = mail;
    this.from = from;
    this.publicUrl = publicUrl;
  }

  Future<Void> passwordReset(String to, String displayName, String token) {
    String link = publicUrl + "/#/reset/confirm?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    String text = "Hello " + displayName + ",\n\n"
        + "Someone asked to reset the password of your Parley account. To choose a new password, open:\n\n"
        + link + "\n\n"
        + "The link works once, for one hour. If you did not ask for this, ignore this mail: your password stays as it is.\n";
    String html = "<p>Hello " + escape(displayName) + ",</p>"
        + "<p>Someone asked to reset the password of your Parley account.</p>"
        + "<p><a href=\"" + escape(link) + "\">Choose a new password</a></p>"
        + "<p>The link works once, for one hour. If you did not ask for this, ignore this mail: your password stays as it is.</p>";
    return mail.sendMail(new MailMessage()
            .setFrom(from)
            .setTo(to)
            .setSubject("Reset your Parley password")
            .setText(text)
            .setHtml(html))
        .mapEmpty();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }
}
