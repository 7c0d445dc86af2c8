package dev.parley.meeting;

import dev.parley.common.embedded.EmbeddedSmtp;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import dev.parley.meeting.calendar.StrictIcs;
import net.fortuna.ical4j.model.Calendar;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads what the shared test SMTP server received for one address. */
final class Mailbox {

  private Mailbox() {
  }

  /** @return the messages to the address, waiting up to 10 s for at least {@code count} of them */
  static List<MimeMessage> await(EmbeddedSmtp smtp, String address, int count) throws Exception {
    Instant giveUp = Instant.now().plus(Duration.ofSeconds(10));
    List<MimeMessage> found = to(smtp, address);
    while (found.size() < count && Instant.now().isBefore(giveUp)) {
      Thread.sleep(50); // polling for the condition, not standing in for it
      found = to(smtp, address);
    }
    return found;
  }

  static List<MimeMessage> to(EmbeddedSmtp smtp, String address) throws Exception {
    List<MimeMessage> found = new ArrayList<>();
    for (MimeMessage message : smtp.messages()) {
      var recipients = message.getRecipients(Message.RecipientType.TO);
      if (recipients != null && recipients.length > 0 && recipients[0].toString().contains(address)) {
        found.add(message);
      }
    }
    return found;
  }

  /** @return the content types of all leaf parts, e.g. text/plain, text/html, text/calendar */
  static List<String> partTypes(Part part) throws Exception {
    List<String> types = new ArrayList<>();
    collect(part, types, null);
    return types;
  }

  /** @return the text of the first part whose content type starts with {@code type} */
  static String partText(Part part, String type) throws Exception {
    List<String> text = new ArrayList<>();
    collect(part, new ArrayList<>(), new Object[] {type, text});
    return text.isEmpty() ? null : text.get(0);
  }

  /** @return the calendar attached to the message, parsed with ical4j in strict mode ({@link StrictIcs}) */
  static Calendar calendar(MimeMessage message) throws Exception {
    return StrictIcs.parse(partText(message, "text/calendar"));
  }

  private static void collect(Part part, List<String> types, Object[] wanted) throws Exception {
    Object content = part.getContent();
    if (content instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        collect(child, types, wanted);
      }
      return;
    }
    String type = part.getContentType().toLowerCase();
    types.add(type);
    if (wanted != null && type.startsWith((String) wanted[0])) {
      @SuppressWarnings("unchecked")
      List<String> text = (List<String>) wanted[1];
      text.add(content instanceof String s ? s : new String(((InputStream) content).readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
