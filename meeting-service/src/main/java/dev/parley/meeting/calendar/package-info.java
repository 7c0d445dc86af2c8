/** Calendar invitations (iCalendar) shared by booking mails and meeting invitations. */
package dev.parley.meeting.calendar;
