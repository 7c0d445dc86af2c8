/** The signaling service's event-bus contract: live rooms, WebRTC signal relay, host actions. */
package dev.parley.api.signaling;
