package dev.parley.meeting.calendar;

import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared iCalendar builder of booking mails and invitations. */
@DisplayName("Calendar invitations")
class CalendarInvitesTest {

  private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
  private static final CalendarInvites.Entry ENTRY = new CalendarInvites.Entry("x@parley", 2, "Title",
      Instant.parse("2030-05-01T09:30:00Z"), Instant.parse("2030-05-01T10:30:00Z"), "Join: http://j", "http://j",
      new CalendarInvites.Person("Olga", "olga@parley.test"), List.of(new CalendarInvites.Person("Bea", "bea@parley.test")), true);

  @Test
  @DisplayName("A request has exactly one DTSTAMP, the time it was made, as RFC 5545 requires")
  void oneDtstamp() throws Exception {
    String ics = CalendarInvites.request(ENTRY, NOW);
    VEvent event = parse(ics).<VEvent>getComponent("VEVENT").orElseThrow();
    assertThat(ics.split("DTSTAMP", -1)).hasSize(2);
    assertThat(event.getProperties(Property.DTSTAMP)).hasSize(1);
    assertThat(event.getProperty(Property.DTSTAMP).orElseThrow().getValue()).isEqualTo("20260301T080000Z");
  }

  @Test
  @DisplayName("A cancellation has METHOD:CANCEL, STATUS:CANCELLED, the same UID and the given SEQUENCE, and one DTSTAMP")
  void cancel() throws Exception {
    Calendar calendar = parse(CalendarInvites.cancel(ENTRY, NOW));
    VEvent event = calendar.<VEvent>getComponent("VEVENT").orElseThrow();
    assertThat(calendar.getProperty(Property.METHOD).orElseThrow().getValue()).isEqualTo("CANCEL");
    assertThat(event.getProperty(Property.STATUS).orElseThrow().getValue()).isEqualTo("CANCELLED");
    assertThat(event.getProperty(Property.UID).orElseThrow().getValue()).isEqualTo("x@parley");
    assertThat(event.getProperty(Property.SEQUENCE).orElseThrow().getValue()).isEqualTo("2");
    assertThat(event.getProperties(Property.DTSTAMP)).hasSize(1);
  }

  @Test
  @DisplayName("The strict reader of these tests refuses an entry with DTSTAMP twice, as strict calendar programs do")
  void strictReaderRefusesTwoDtstamps() {
    String ics = CalendarInvites.request(ENTRY, NOW);
    String doubled = ics.replaceFirst("(DTSTAMP:[^\r\n]*\r\n)", "$1$1");
    assertThat(doubled).isNotEqualTo(ics);
    assertThatThrownBy(() -> StrictIcs.parse(doubled)).isInstanceOf(AssertionError.class);
  }

  private static Calendar parse(String ics) throws Exception {
    return StrictIcs.parse(ics);
  }
}
