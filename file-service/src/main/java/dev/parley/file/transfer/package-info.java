/** The chunked transfers of uploads and downloads over the event bus ({@link dev.parley.api.file.FileTransfer}). */
package dev.parley.file.transfer;
