/**
 * Meetings, join links, roles and invitations; events and bookable timeslots; reminders. Filled by the meetings-and-calls and scheduling issues: nothing here runs yet.
 */
package dev.parley.meeting;
