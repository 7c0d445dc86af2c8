/**
 * The gateway's file routes: uploads and downloads streamed between HTTP and the file service's
 * chunked event-bus transfers ({@link dev.parley.api.file.FileTransfer}), and the headers that make
 * downloads safe to open.
 */
package dev.parley.gateway.files;
