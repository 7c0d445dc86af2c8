/**
 * The files part of the REST client: list, upload with progress, signed download links, delete.
 * Uploads go as the raw body (`?name=`), through XMLHttpRequest for its upload progress events.
 */
import { ApiError, authorized, socketToken } from '../api.js';

/**
 * @typedef {object} FileInfo
 * @property {string} id
 * @property {string} name sanitised by the server
 * @property {number} size bytes
 * @property {string} type sniffed from the bytes
 * @property {'available'|'pending'|'rejected'} state
 * @property {'unscanned'|'clean'|'infected'} scan
 * @property {string|null} ownerName
 * @property {string} createdAt
 * @property {boolean} canDelete
 */

/**
 * @param {string} meetingId
 * @returns {Promise<{items: FileInfo[], usedBytes: number, quotaBytes: number}>}
 */
export function listMeetingFiles(meetingId) {
  return authorized('GET', `/meetings/${encodeURIComponent(meetingId)}/files`);
}

/** @param {string} fileId */
export function deleteFile(fileId) {
  return authorized('DELETE', `/files/${encodeURIComponent(fileId)}`);
}

/**
 * A short-lived signed download path (no access token in the URL).
 * @param {string} fileId
 * @param {{inline?: boolean}} [options] `inline` for images and PDFs shown in place
 * @returns {Promise<string>}
 */
export async function fileUrl(fileId, { inline = false } = {}) {
  const link = await authorized('POST', `/files/${encodeURIComponent(fileId)}/link`);
  return inline ? `${link.url}&disposition=inline` : link.url;
}

/**
 * Uploads one file to a meeting.
 * @param {string} meetingId
 * @param {File} file
 * @param {{onProgress?: (sent: number, total: number) => void, signal?: AbortSignal}} [options]
 * @returns {Promise<FileInfo>}
 * @throws {ApiError} 409 past the quota, 413 past the size limit, 0 `aborted` when cancelled
 */
export async function uploadFile(meetingId, file, { onProgress, signal } = {}) {
  const token = await socketToken();
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/meetings/${encodeURIComponent(meetingId)}/files?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.upload.onprogress = (event) => onProgress?.(event.loaded, event.total || file.size);
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 201) resolve(body);
      else reject(new ApiError(xhr.status, body && typeof body === 'object' ? body : {}));
    };
    xhr.onerror = () => reject(new ApiError(0, { title: 'Network error', detail: 'The upload was interrupted.', code: 'network_error' }));
    xhr.onabort = () => reject(new ApiError(0, { title: 'Cancelled', detail: 'The upload was cancelled.', code: 'aborted' }));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
