/** The meeting service's event-bus contract: meetings, join codes, roles. */
package dev.parley.api.meeting;
