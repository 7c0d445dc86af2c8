package dev.parley.meeting.calendar;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.util.CompatibilityHints;
import net.fortuna.ical4j.validate.ValidationResult;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads an iCalendar text as a strict calendar program would: ical4j with relaxed unfolding, parsing
 * and validation and the Outlook and Notes allowances switched off, then RFC 5545 validation, and
 * exactly one {@code DTSTAMP} in every VEVENT (RFC 5545 §3.6.1).
 */
public final class StrictIcs {

  private static final String[] RELAXATIONS = {
      CompatibilityHints.KEY_RELAXED_UNFOLDING, CompatibilityHints.KEY_RELAXED_PARSING,
      CompatibilityHints.KEY_RELAXED_VALIDATION, CompatibilityHints.KEY_OUTLOOK_COMPATIBILITY,
      CompatibilityHints.KEY_NOTES_COMPATIBILITY};

  private StrictIcs() {
  }

  /**
   * @return the parsed calendar
   * @throws AssertionError when it does not parse strictly, does not validate, or a VEVENT has other than one DTSTAMP
   */
  public static Calendar parse(String ics) throws Exception {
    for (String relaxation : RELAXATIONS) {
      CompatibilityHints.setHintEnabled(relaxation, false);
    }
    Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
    ValidationResult result = calendar.validate();
    assertThat(result.hasErrors()).as("RFC 5545 validation of\n%s\n%s", ics, result).isFalse();
    for (VEvent event : calendar.<VEvent>getComponents("VEVENT")) {
      assertThat(event.getProperties(Property.DTSTAMP)).as("DTSTAMPs of a VEVENT in\n%s", ics).hasSize(1);
    }
    return calendar;
  }
}
