/**
 * Live rooms, WebRTC offer/answer/ICE relay, host actions, direct calls, whiteboard. Filled by the meetings-and-calls issue: nothing here runs yet.
 */
package dev.parley.signaling;
