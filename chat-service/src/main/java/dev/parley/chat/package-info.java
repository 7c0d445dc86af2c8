/**
 * Meeting chat and direct conversations. Filled by the chat issue: nothing here runs yet.
 */
package dev.parley.chat;
