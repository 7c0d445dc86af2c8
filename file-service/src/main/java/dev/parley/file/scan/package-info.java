/** Optional virus scanning of uploads with ClamAV's clamd. */
package dev.parley.file.scan;
