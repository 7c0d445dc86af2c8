/**
 * Sharing files in a chat panel: an Attach button, files dropped on the panel and images pasted into
 * the message box are uploaded to the chat's meeting or conversation, each with a progress bar and
 * Cancel, and once stored handed to the panel, which posts the message that shares them.
 */
import { el } from '../dom.js';
import { uploadFile } from '../files/api.js';

let inputs = 0;

export class ChatAttachments {
  /**
   * @param {{target: import('../files/api.js').Target, testId: string,
   *          onUploaded: (file: import('../files/api.js').FileInfo) => void}} options
   *   `onUploaded` gets each stored, available file
   */
  constructor({ target, testId, onUploaded }) {
    this.target = target;
    this.onUploaded = onUploaded;
    inputs += 1;
    this.input = el('input', { type: 'file', multiple: true, class: 'visually-hidden', tabindex: -1, 'aria-hidden': 'true',
      id: `chat-file-input-${inputs}`, 'data-testid': `${testId}-file-input`,
      onchange: () => {
        this.uploadAll(this.input.files);
        this.input.value = '';
      } });
    this.button = el('button', { type: 'button', class: 'button secondary chat-attach', 'data-testid': `${testId}-attach`,
      title: 'Share a file (or drop it here, or paste an image)', onclick: () => this.input.click() }, 'Attach');
    this.alert = el('p', { class: 'chat-error', role: 'alert', hidden: true, 'data-testid': `${testId}-upload-error` });
    this.list = el('ul', { class: 'file-uploads chat-uploads', 'aria-live': 'polite' });
    this.element = el('div', { class: 'chat-attachments' }, this.alert, this.list, this.input);
  }

  /**
   * Uploads files dropped on `area` and files (screenshots, copied images) pasted into `box`.
   * @param {HTMLElement} area
   * @param {HTMLElement} box
   */
  bind(area, box) {
    const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
    area.addEventListener('dragover', (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      area.classList.add('dropping');
    });
    area.addEventListener('dragleave', () => area.classList.remove('dropping'));
    area.addEventListener('drop', (event) => {
      area.classList.remove('dropping');
      if (!event.dataTransfer?.files?.length) return;
      event.preventDefault();
      this.uploadAll(event.dataTransfer.files);
    });
    box.addEventListener('paste', (event) => {
      const files = [...(event.clipboardData?.files ?? [])];
      if (!files.length) return;
      event.preventDefault();
      this.uploadAll(files.map((file, index) => pastedName(file, index)));
    });
  }

  /** @param {Iterable<File>} files */
  uploadAll(files) {
    for (const file of files) this.upload(file);
  }

  /** @param {File} file */
  upload(file) {
    this.alert.hidden = true;
    const controller = new AbortController();
    const progress = el('progress', { max: file.size || 1, value: 0, 'data-testid': 'upload-progress', 'aria-label': `Uploading ${file.name}` });
    const cancel = el('button', { type: 'button', class: 'button secondary small', onclick: () => controller.abort() }, 'Cancel');
    const row = el('li', { class: 'file-upload', 'data-testid': 'chat-upload' }, el('span', { class: 'file-name' }, file.name), progress, cancel);
    this.list.append(row);
    uploadFile(this.target, file, {
      signal: controller.signal,
      onProgress: (sent, total) => {
        progress.max = total;
        progress.value = sent;
      },
    }).then((stored) => {
      if (stored.state === 'available') this.onUploaded(stored);
      else this.showError(`${stored.name} was rejected by the virus scanner (${stored.signature ?? 'a virus was found'}).`);
    }).catch((error) => {
      if (error.code !== 'aborted') this.showError(`${file.name} was not shared. ${error.message}`);
    }).finally(() => row.remove());
  }

  showError(text) {
    this.alert.textContent = text;
    this.alert.hidden = false;
  }
}

/** Pasted images are often all called `image.png`: give each a name with the time it was pasted. */
function pastedName(file, index) {
  if (file.name && file.name !== 'image.png') return file;
  const stamp = new Date().toISOString().slice(0, 19).replace(/[T:]/g, '-');
  const extension = file.type.split('/')[1]?.replace(/[^a-z0-9]/g, '') || 'png';
  return new File([file], `Pasted image ${stamp}${index ? `-${index + 1}` : ''}.${extension}`, { type: file.type });
}
