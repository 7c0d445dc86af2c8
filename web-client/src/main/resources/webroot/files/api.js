/**
 * The files part of the REST client: list, upload with progress, signed download links, sharing in
 * a chat, delete. Uploads go as the raw body (`?name=`), through XMLHttpRequest for its upload
 * progress events. A file's place is a {@link Target}: a meeting, or the conversation with a person.
 * A guest of a meeting uses the meeting's guest token, everyone else their access token.
 */
import { ApiError, authorized, guestToken, socketToken } from '../api.js';

/** @typedef {{meetingId: string}|{userId: string}} Target a meeting, or the direct conversation with a person */

/** @param {Target} target @returns {string} the REST path of the target's chat and files, below /api/v1 */
function targetPath(target) {
  return target.meetingId ? `/meetings/${encodeURIComponent(target.meetingId)}`
    : `/conversations/${encodeURIComponent(target.userId)}`;
}

/** @param {Target} [target] @returns {Promise<string>} the token to send: the guest's in their meeting */
async function tokenFor(target) {
  return (target?.meetingId && guestToken(target.meetingId)) || socketToken();
}

/**
 * A JSON request with the token for the target (guests have no account session to refresh).
 * @returns {Promise<any>} the parsed body
 * @throws {ApiError}
 */
async function request(method, path, target, body) {
  if (!(target?.meetingId && guestToken(target.meetingId))) return authorized(method, path, body === undefined ? {} : { body });
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers: { Accept: 'application/json, application/problem+json', Authorization: `Bearer ${await tokenFor(target)}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { title: 'Network error', code: 'network_error' });
  }
  const parsed = await response.json().catch(() => null);
  if (!response.ok) {
    const wait = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
    throw new ApiError(response.status, parsed && typeof parsed === 'object' ? parsed : {}, Number.isNaN(wait) ? null : wait);
  }
  return parsed;
}

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

/**
 * Deletes a file (its uploader, or a host); the chat message that shared it becomes a tombstone.
 * @param {string} fileId
 */
export function deleteFile(fileId) {
  return authorized('DELETE', `/files/${encodeURIComponent(fileId)}`);
}

/**
 * Shares an uploaded file in its chat (REST): posts a message that names it, again (the same message,
 * so at most once) when the chat's send rate says to wait.
 * @param {Target} target the chat the file was uploaded to
 * @param {string} fileId
 * @returns {Promise<object>} the stored chat message
 */
export async function shareInChat(target, fileId) {
  const message = { clientMessageId: crypto.randomUUID(), fileId };
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await request('POST', `${targetPath(target)}/messages`, target, message);
    } catch (error) {
      // Many files dropped at once can pass the chat's send rate: wait as told and send the same message again.
      if (error.status !== 429 || attempt >= 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(error.retryAfter ?? 2, 10) * 1000));
    }
  }
}

/**
 * A short-lived signed download path (no access token in the URL).
 * @param {string} fileId
 * @param {{inline?: boolean, target?: Target}} [options] `inline` for images and PDFs shown in place;
 *   `target` the file's meeting, so that a guest signs with their guest token
 * @returns {Promise<string>}
 */
export async function fileUrl(fileId, { inline = false, target } = {}) {
  const link = await request('POST', `/files/${encodeURIComponent(fileId)}/link`, target);
  return inline ? `${link.url}&disposition=inline` : link.url;
}

/**
 * Uploads one file to a meeting or a conversation.
 * @param {Target} target
 * @param {File} file
 * @param {{onProgress?: (sent: number, total: number) => void, signal?: AbortSignal}} [options]
 * @returns {Promise<FileInfo>}
 * @throws {ApiError} 409 past the quota, 413 past the size limit, 0 `aborted` when cancelled
 */
export async function uploadFile(target, file, { onProgress, signal } = {}) {
  const token = await tokenFor(target);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${targetPath(target)}/files?name=${encodeURIComponent(file.name || 'file')}`);
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
