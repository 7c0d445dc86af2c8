/** The scheduling contract: events, bookable timeslots, bookings and the calls of booked slots. */
package dev.parley.api.scheduling;
