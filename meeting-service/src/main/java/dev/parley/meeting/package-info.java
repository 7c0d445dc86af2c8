/**
 * The meeting service ({@link dev.parley.api.meeting.MeetingService}): meetings, their join codes and
 * links, and who belongs to each meeting in which role. {@link dev.parley.meeting.MeetingVerticle}
 * deploys it; {@link dev.parley.meeting.Main} runs it alone and clustered.
 */
package dev.parley.meeting;
