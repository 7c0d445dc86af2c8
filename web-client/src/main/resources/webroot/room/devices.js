/**
 * Device settings during a call: camera, microphone and, where the browser can route audio
 * (`HTMLMediaElement.setSinkId`), the speaker the others are heard on. A switch that fails keeps the
 * device in use and says why.
 */
import { el } from '../dom.js';
import { icon } from './icons.js';

/**
 * @param {{media: import('./media.js').LocalMedia, setSpeaker: (deviceId: string) => Promise<void>}} options
 * @returns {{button: HTMLButtonElement, dialog: HTMLDialogElement}} `button` opens the dialog (for
 *   the room header); `dialog` goes into the room
 */
export function deviceSettings({ media, setSpeaker }) {
  const camera = select('settings-camera', 'Camera');
  const microphone = select('settings-mic', 'Microphone');
  const speaker = select('settings-speaker', 'Speaker');
  const canRoute = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
  speaker.element.hidden = !canRoute;
  const error = el('p', { class: 'field-error', role: 'alert', 'data-testid': 'settings-error' });
  const close = el('button', { type: 'button', class: 'button secondary', 'data-testid': 'settings-close' }, 'Done');
  const dialog = el('dialog', { class: 'shortcuts-dialog settings-dialog', 'aria-labelledby': 'settings-heading',
    'data-testid': 'settings-dialog' },
  el('h2', { id: 'settings-heading' }, 'Settings'), camera.element, microphone.element, speaker.element, error, close);
  close.addEventListener('click', () => dialog.close());

  const use = async (action) => {
    error.textContent = '';
    try {
      await action();
    } catch (failure) {
      error.textContent = `That device could not be used. ${failure.message ?? ''}`.trim();
    }
  };
  camera.select.addEventListener('change', () => use(() => media.useCamera(camera.select.value)));
  microphone.select.addEventListener('change', () => use(() => media.useMicrophone(microphone.select.value)));
  speaker.select.addEventListener('change', () => use(() => setSpeaker(speaker.select.value)));

  const open = async () => {
    const found = await navigator.mediaDevices?.enumerateDevices?.().catch(() => []) ?? [];
    const { cameras, microphones } = await media.devices();
    fill(camera.select, cameras, media.videoDeviceId);
    fill(microphone.select, microphones, media.audioDeviceId);
    fill(speaker.select, found.filter((device) => device.kind === 'audiooutput' && device.deviceId), speaker.select.value);
    if (!dialog.open) dialog.showModal();
  };
  const button = el('button', { type: 'button', class: 'icon-button', 'aria-label': 'Settings', title: 'Settings',
    'data-testid': 'settings-open', onclick: open }, icon('settings'));
  return { button, dialog };
}

function select(id, label) {
  const element = el('select', { id, class: 'input', 'data-testid': id });
  return { select: element, element: el('div', { class: 'field' }, el('label', { for: id }, label), element) };
}

function fill(select, devices, current) {
  select.replaceChildren(...devices.map((device, index) =>
    el('option', { value: device.deviceId, selected: device.deviceId === current },
      device.label || `${select.id.replace('settings-', '')} ${index + 1}`)));
  select.disabled = devices.length === 0;
}
