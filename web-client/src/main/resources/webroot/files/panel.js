/**
 * A meeting's files: the list (name, size, type, who shared it, download, delete) and uploads by
 * "Choose files" or drag-and-drop, each with a progress bar and a Cancel button. Each file uploaded
 * here is also shared in the meeting's chat as a message that names it; files shared or deleted in
 * the chat show here at once.
 */
import { el } from '../dom.js';
import { deleteFile, fileUrl, listMeetingFiles, shareInChat, uploadFile } from './api.js';
import { IMAGE_TYPES, formatSize, kindOf } from './card.js';

export class FilesPanel {
  /**
   * @param {{meetingId: string, announce?: (text: string) => void}} options
   */
  constructor({ meetingId, announce }) {
    this.meetingId = meetingId;
    this.announce = announce ?? (() => {});
    this.list = el('ul', { class: 'file-list', 'data-testid': 'file-list' });
    this.uploads = el('ul', { class: 'file-uploads', 'aria-live': 'polite' });
    this.status = el('p', { class: 'hint', 'data-testid': 'file-usage' });
    this.alert = el('div', { class: 'alert', role: 'alert', hidden: true });
    const input = el('input', {
      type: 'file', multiple: true, id: `file-input-${meetingId}`, class: 'visually-hidden', 'data-testid': 'file-input',
      onchange: () => {
        [...input.files].forEach((file) => this.upload(file));
        input.value = '';
      },
    });
    const drop = el('div', { class: 'file-drop', 'data-testid': 'file-drop' },
      el('p', {}, 'Drop files here, or '),
      el('label', { class: 'button secondary', for: input.id }, 'Choose files'), input);
    drop.addEventListener('dragover', (event) => {
      event.preventDefault();
      drop.classList.add('over');
    });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (event) => {
      event.preventDefault();
      drop.classList.remove('over');
      [...(event.dataTransfer?.files ?? [])].forEach((file) => this.upload(file));
    });
    this.element = el('section', { class: 'surface files-panel', 'aria-labelledby': 'files-heading', 'data-testid': 'files-panel' },
      el('h2', { id: 'files-heading' }, 'Files'), this.alert, drop, this.uploads, this.list, this.status);
    // Files shared or deleted in the meeting's chat (chat/panel.js) show here without a reload.
    const changed = (event) => {
      if (!this.element.isConnected) {
        // Gone with its page (a panel not yet shown keeps listening).
        if (this.shown) document.removeEventListener('parley:files-changed', changed);
        return;
      }
      this.shown = true;
      if (event.detail?.channel === `meeting:${meetingId}`) {
        clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => this.refresh(), 200);
      }
    };
    document.addEventListener('parley:files-changed', changed);
    this.refresh();
  }

  async refresh() {
    try {
      const { items, usedBytes, quotaBytes } = await listMeetingFiles(this.meetingId);
      this.list.replaceChildren(...items.map((file) => this.row(file)));
      if (!items.length) this.list.append(el('li', { class: 'hint' }, 'No files yet.'));
      this.status.textContent = `${formatSize(usedBytes)} of ${formatSize(quotaBytes)} used`;
    } catch (error) {
      this.showError(`Could not load the files. ${error.message}`);
    }
  }

  /** @param {File} file */
  upload(file) {
    const controller = new AbortController();
    const progress = el('progress', { max: file.size || 1, value: 0, 'data-testid': 'upload-progress', 'aria-label': `Uploading ${file.name}` });
    const cancel = el('button', { type: 'button', class: 'button secondary small', onclick: () => controller.abort() }, 'Cancel');
    const row = el('li', { class: 'file-upload', 'data-testid': 'file-upload' }, el('span', { class: 'file-name' }, file.name), progress, cancel);
    this.uploads.append(row);
    uploadFile({ meetingId: this.meetingId }, file, {
      signal: controller.signal,
      onProgress: (sent, total) => {
        progress.max = total;
        progress.value = sent;
      },
    }).then(async (stored) => {
      this.announce(stored.state === 'rejected'
        ? `${stored.name} was rejected by the virus scanner.`
        : `${stored.name} was shared.`);
      // Every shared file is also a message in the meeting's chat.
      if (stored.state === 'available') {
        await shareInChat({ meetingId: this.meetingId }, stored.id)
          .catch((error) => this.showError(`${stored.name} is in the files but could not be posted in the chat. ${error.message}`));
      }
      this.refresh();
    }).catch((error) => {
      if (error.code !== 'aborted') this.showError(`${file.name}: ${error.message}`);
    }).finally(() => row.remove());
  }

  /** @param {import('./api.js').FileInfo} file */
  row(file) {
    const download = el('button', {
      type: 'button', class: 'button secondary small', 'data-testid': 'file-download',
      onclick: async () => {
        try {
          window.location.assign(await fileUrl(file.id));
        } catch (error) {
          this.showError(`Could not download ${file.name}. ${error.message}`);
        }
      },
    }, 'Download');
    const remove = file.canDelete ? el('button', {
      type: 'button', class: 'button danger small', 'data-testid': 'file-delete',
      onclick: async () => {
        try {
          await deleteFile(file.id);
          this.refresh();
        } catch (error) {
          this.showError(`Could not delete ${file.name}. ${error.message}`);
        }
      },
    }, 'Delete') : null;
    const thumbnail = IMAGE_TYPES.has(file.type) && file.state === 'available'
      ? el('img', { class: 'file-thumb', alt: '', width: 48, height: 48 }) : null;
    if (thumbnail) fileUrl(file.id, { inline: true }).then((url) => { thumbnail.src = url; }).catch(() => thumbnail.remove());
    const rejected = file.state === 'rejected';
    return el('li', { class: 'file-row', 'data-testid': 'file-row', 'data-file-id': file.id },
      thumbnail ?? el('span', { class: 'file-kind', 'aria-hidden': 'true' }, kindOf(file.type)),
      el('span', { class: 'file-name', 'data-testid': 'file-name' }, file.name),
      el('span', { class: 'file-meta' }, `${formatSize(file.size)} · ${file.ownerName ?? 'someone'}`),
      rejected ? el('span', { class: 'file-rejected' }, `Rejected: ${file.signature ?? 'virus found'}`) : download,
      remove);
  }

  showError(text) {
    this.alert.textContent = text;
    this.alert.hidden = false;
  }
}
