/**
 * Scheduling ({@link dev.parley.api.scheduling.SchedulingService}): events, their bookable timeslots,
 * bookings, the call of each booked slot, booking mails with calendar invitations, and reminders.
 * {@link dev.parley.meeting.timeslot.Scheduling} wires it; the meeting verticle deploys it beside the
 * meeting service.
 */
package dev.parley.meeting.timeslot;
