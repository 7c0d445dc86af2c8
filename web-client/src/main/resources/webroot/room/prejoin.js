/**
 * The screen before entering a meeting room: a preview of the camera, the choice of camera and
 * microphone, whether to join with each on, and "Join". When the browser gives no camera or
 * microphone it says why, and joining without them stays possible.
 */
import { el } from '../dom.js';
import { brand } from '../layout.js';
import { icon } from './icons.js';

/**
 * @typedef {object} Prejoin
 * @property {HTMLElement} element
 * @property {(title: string) => void} setTitle shows the meeting's title
 * @property {(message: string|null) => void} showError shows why joining failed (or clears it)
 * @property {(busy: boolean) => void} setBusy
 * @property {(blocked: boolean) => void} setBlocked disables "Join" for good, e.g. the meeting has ended
 * @property {() => void} dispose stops following the media and the devices (the media itself stays open)
 */

/**
 * Builds the pre-join screen and starts the camera and microphone preview.
 * @param {{media: import('./media.js').LocalMedia, join: () => void, back: {href: string, label: string}}} options
 *   `join` runs on "Join"; `back` is the way out, e.g. to the meeting's page
 * @returns {Prejoin}
 */
export function prejoinScreen({ media, join, back }) {
  const title = el('p', { class: 'intro prejoin-meeting', 'data-testid': 'prejoin-title' });
  const video = el('video', { class: 'mirrored', autoplay: true, playsinline: true, 'aria-hidden': 'true' });
  video.muted = true;
  const previewOff = el('p', { class: 'preview-off' }, 'Starting your camera…');
  const preview = el('div', { class: 'preview', 'data-testid': 'prejoin-preview' }, video, previewOff);
  const mediaNotice = el('div', { class: 'notice', role: 'status', hidden: true, 'data-testid': 'media-notice' });
  const micToggle = toggleButton('Microphone', 'prejoin-mic');
  const cameraToggle = toggleButton('Camera', 'prejoin-camera');
  const cameraSelect = deviceSelect('camera-select', 'Camera');
  const micSelect = deviceSelect('mic-select', 'Microphone');
  const alert = el('div', { class: 'alert', role: 'alert', 'data-testid': 'room-join-error' });
  const waitingNotice = el('p', { class: 'notice', role: 'status', hidden: true, 'data-testid': 'lobby-waiting' });
  const joinLabel = el('span', {}, 'Join');
  const joinButton = el('button', { type: 'button', class: 'button primary', 'data-testid': 'room-join', disabled: true },
    el('span', { class: 'spinner', 'aria-hidden': 'true' }), joinLabel);
  let blocked = false;
  let starting = true;

  const show = () => {
    const track = media.cameraOn ? media.cameraTrack : null;
    if (video.srcObject?.getVideoTracks()[0] !== track) video.srcObject = track ? new MediaStream([track]) : null;
    preview.classList.toggle('off', !track);
    previewOff.textContent = starting ? 'Starting your camera…' : media.hasCamera ? 'Your camera is off' : 'No camera';
    micToggle.set(media.micOn, media.micOn ? 'mic' : 'micOff', !media.hasMic);
    cameraToggle.set(media.cameraOn, media.cameraOn ? 'camera' : 'cameraOff', !media.hasCamera);
    micSelect.select.disabled = !media.hasMic;
    cameraSelect.select.disabled = !media.hasCamera;
  };
  const stopListening = media.onChange(show);

  micToggle.element.addEventListener('click', () => media.setMic(!media.micOn));
  cameraToggle.element.addEventListener('click', async () => {
    try {
      await media.setCamera(!media.cameraOn);
    } catch (error) {
      notify(`Your camera could not be started again. ${error.message ?? ''}`.trim());
    }
  });
  micSelect.select.addEventListener('change', () => switchDevice(() => media.useMicrophone(micSelect.select.value)));
  cameraSelect.select.addEventListener('change', () => switchDevice(() => media.useCamera(cameraSelect.select.value)));
  joinButton.addEventListener('click', () => {
    alert.textContent = '';
    join();
  });

  const notify = (text) => {
    mediaNotice.textContent = text;
    mediaNotice.hidden = !text;
  };
  const switchDevice = async (use) => {
    try {
      await use();
      notify(null);
    } catch {
      notify('That device could not be started. Pick another one.');
    }
  };
  const listDevices = async () => {
    const { cameras, microphones } = await media.devices();
    cameraSelect.fill(cameras, media.videoDeviceId, 'Camera');
    micSelect.fill(microphones, media.audioDeviceId, 'Microphone');
  };

  (async () => {
    const problem = await media.start();
    starting = false;
    notify(problem);
    show();
    await listDevices();
    if (!blocked) joinButton.disabled = false;
  })();
  navigator.mediaDevices?.addEventListener?.('devicechange', listDevices);

  const element = el('main', { class: 'guest prejoin-page', 'data-testid': 'prejoin' },
    brand(),
    el('section', { class: 'card prejoin', 'aria-labelledby': 'page-title' },
      el('h1', { id: 'page-title', tabindex: -1 }, 'Ready to join?'),
      title,
      el('div', { class: 'prejoin-grid' },
        el('div', { class: 'preview-column' }, preview,
          el('div', { class: 'button-row preview-toggles', role: 'group', 'aria-label': 'Join with' },
            micToggle.element, cameraToggle.element)),
        el('div', { class: 'prejoin-options' },
          mediaNotice,
          cameraSelect.element,
          micSelect.element,
          alert,
          waitingNotice,
          joinButton,
          el('p', { class: 'switch' }, el('a', { href: back.href }, back.label))))));
  show();

  return {
    element,
    setTitle(text) {
      title.textContent = text;
    },
    /** Shows or clears a waiting notice (the lobby); Join stays disabled meanwhile. */
    setWaiting(text) {
      waitingNotice.textContent = text ?? '';
      waitingNotice.hidden = !text;
      joinButton.disabled = Boolean(text) || blocked || starting;
    },
    showError(message) {
      alert.textContent = message ?? '';
      if (message) joinButton.focus();
    },
    setBusy(busy) {
      joinButton.disabled = busy || blocked || starting;
      joinButton.classList.toggle('busy', busy);
      joinLabel.textContent = busy ? 'Joining…' : 'Join';
    },
    setBlocked(value) {
      blocked = value;
      joinButton.disabled = value || starting;
    },
    dispose() {
      navigator.mediaDevices?.removeEventListener?.('devicechange', listDevices);
      stopListening();
      video.srcObject = null;
    },
  };
}

/** A toggle for joining with a device on or off; pressed means on. */
function toggleButton(label, testId) {
  const element = el('button', { type: 'button', class: 'control device', 'aria-pressed': 'true', 'data-testid': testId },
    icon('mic'), el('span', { class: 'control-label' }, label));
  return {
    element,
    set(on, name, disabled) {
      element.setAttribute('aria-pressed', String(on));
      element.firstChild.replaceWith(icon(name));
      element.disabled = disabled;
    },
  };
}

/** A labelled select of devices of one kind. */
function deviceSelect(id, label) {
  const select = el('select', { id, name: id, 'data-testid': id });
  return {
    element: el('div', { class: 'field' }, el('label', { for: id }, label), select),
    select,
    fill(devices, currentId, fallbackLabel) {
      select.replaceChildren(...(devices.length
        ? devices.map((device, index) => el('option', { value: device.deviceId, selected: device.deviceId === currentId },
          device.label || `${fallbackLabel} ${index + 1}`))
        : [el('option', { value: '' }, `No ${fallbackLabel.toLowerCase()} found`)]));
      if (!devices.length) select.disabled = true;
    },
  };
}
