/**
 * The local side of a call: camera, microphone and screen tracks, device choice, and what to tell
 * the user when the browser will not give them.
 *
 * The microphone is muted by disabling its track (so unmuting is instant); the camera is stopped
 * when turned off (so its light goes out) and opened again when turned on. A screen share takes the
 * camera's place in what is sent.
 */

/** Ask for a picture this size; the browser picks the nearest the camera offers. */
const VIDEO_CONSTRAINTS = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30, max: 30 } };

/**
 * Local media for one room visit.
 */
export class LocalMedia {
  constructor() {
    /** @type {MediaStreamTrack|null} */
    this.audioTrack = null;
    /** @type {MediaStreamTrack|null} the camera, while it is on */
    this.cameraTrack = null;
    /** @type {MediaStreamTrack|null} */
    this.screenTrack = null;
    this.micOn = true;
    this.cameraOn = true;
    /** Whether the browser gave a microphone / camera at all (false after a refusal or with none). */
    this.hasMic = false;
    this.hasCamera = false;
    this.audioDeviceId = null;
    this.videoDeviceId = null;
    /** The stream peers see as this participant's: its tracks are set on the senders. */
    this.stream = new MediaStream();
    this.listeners = new Set();
  }

  /**
   * Registers a callback for any change of tracks or on/off state.
   * @param {() => void} listener
   * @returns {() => void} unsubscribes
   */
  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Opens camera and microphone. When both together fail, each is tried alone, so that a missing or
   * refused camera does not cost the microphone.
   * @returns {Promise<string|null>} a sentence for the user when something is unavailable, else null
   */
  async start() {
    if (!navigator.mediaDevices?.getUserMedia) {
      return 'This browser cannot use a camera or microphone here (they need a secure https address). '
        + 'You can still join to see and hear the others.';
    }
    let failure = null;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: VIDEO_CONSTRAINTS });
      this.adopt(stream.getAudioTracks()[0] ?? null, stream.getVideoTracks()[0] ?? null);
      return null;
    } catch (error) {
      failure = error;
    }
    const audio = await this.open({ audio: true }).catch((error) => error);
    const video = await this.open({ video: VIDEO_CONSTRAINTS }).catch((error) => error);
    const audioTrack = audio instanceof MediaStream ? audio.getAudioTracks()[0] : null;
    const videoTrack = video instanceof MediaStream ? video.getVideoTracks()[0] : null;
    this.adopt(audioTrack ?? null, videoTrack ?? null);
    if (audioTrack && videoTrack) return null;
    if (audioTrack) return `${describeFailure(video, 'camera')} You can join with your microphone only.`;
    if (videoTrack) return `${describeFailure(audio, 'microphone')} You can join with your camera only.`;
    return `${describeFailure(failure, 'camera and microphone')} You can still join to see and hear the others.`;
  }

  /**
   * Lists the cameras and microphones (with names once the user allowed access).
   * @returns {Promise<{cameras: MediaDeviceInfo[], microphones: MediaDeviceInfo[]}>}
   */
  async devices() {
    const all = await navigator.mediaDevices?.enumerateDevices?.().catch(() => []) ?? [];
    return {
      cameras: all.filter((device) => device.kind === 'videoinput' && device.deviceId),
      microphones: all.filter((device) => device.kind === 'audioinput' && device.deviceId),
    };
  }

  /**
   * Switches to another microphone, keeping the mute state.
   * @param {string} deviceId
   * @returns {Promise<void>}
   * @throws {DOMException} when it cannot be opened; the old one stays
   */
  async useMicrophone(deviceId) {
    const stream = await this.open({ audio: { deviceId: { exact: deviceId } } });
    this.replaceAudio(stream.getAudioTracks()[0]);
  }

  /**
   * Switches to another camera; takes effect now when the camera is on, else when it is turned on.
   * @param {string} deviceId
   * @returns {Promise<void>}
   * @throws {DOMException} when it cannot be opened; the old one stays
   */
  async useCamera(deviceId) {
    if (!this.cameraOn) {
      this.videoDeviceId = deviceId;
      return;
    }
    const stream = await this.open({ video: { ...VIDEO_CONSTRAINTS, deviceId: { exact: deviceId } } });
    this.replaceCamera(stream.getVideoTracks()[0]);
  }

  /** @param {boolean} on */
  setMic(on) {
    this.micOn = on && this.hasMic;
    if (this.audioTrack) this.audioTrack.enabled = this.micOn;
    this.changed();
  }

  /**
   * Turns the camera on (opening it again) or off (stopping it).
   * @param {boolean} on
   * @returns {Promise<void>}
   * @throws {DOMException} when it cannot be opened again; it stays off
   */
  async setCamera(on) {
    if (!on) {
      this.cameraOn = false;
      this.cameraTrack?.stop();
      this.cameraTrack = null;
      this.changed();
      return;
    }
    if (!this.hasCamera) return;
    if (!this.cameraTrack) {
      const constraints = this.videoDeviceId
        ? { ...VIDEO_CONSTRAINTS, deviceId: { exact: this.videoDeviceId } } : VIDEO_CONSTRAINTS;
      const stream = await this.open({ video: constraints });
      this.cameraTrack = stream.getVideoTracks()[0];
    }
    this.cameraOn = true;
    this.changed();
  }

  /**
   * Starts sharing a screen, window or tab, chosen by the user in the browser's picker.
   * @param {() => void} ended called when the share stops from the browser's own "Stop sharing"
   * @returns {Promise<void>}
   * @throws {DOMException} `NotAllowedError` when the user cancels the picker
   */
  async startScreen(ended) {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const [track] = stream.getVideoTracks();
    track.contentHint = 'detail';
    track.addEventListener('ended', () => {
      if (this.screenTrack === track) {
        this.screenTrack = null;
        this.changed();
        ended();
      }
    });
    this.screenTrack = track;
    this.changed();
  }

  stopScreen() {
    this.screenTrack?.stop();
    this.screenTrack = null;
    this.changed();
  }

  /** @returns {MediaStreamTrack|null} the video others receive: the screen while sharing, else the camera */
  outgoingVideo() {
    return this.screenTrack ?? (this.cameraOn ? this.cameraTrack : null);
  }

  /** Stops every track; the object is done. */
  stop() {
    for (const track of [this.audioTrack, this.cameraTrack, this.screenTrack]) track?.stop();
    this.audioTrack = null;
    this.cameraTrack = null;
    this.screenTrack = null;
    this.listeners.clear();
  }

  adopt(audioTrack, videoTrack) {
    this.hasMic = Boolean(audioTrack);
    this.hasCamera = Boolean(videoTrack);
    this.micOn = this.hasMic && this.micOn;
    this.cameraOn = this.hasCamera && this.cameraOn;
    this.audioTrack = audioTrack;
    this.cameraTrack = videoTrack;
    this.audioDeviceId = audioTrack?.getSettings().deviceId ?? null;
    this.videoDeviceId = videoTrack?.getSettings().deviceId ?? null;
    if (audioTrack) audioTrack.enabled = this.micOn;
    this.changed();
  }

  replaceAudio(track) {
    this.audioTrack?.stop();
    this.audioTrack = track;
    this.audioDeviceId = track.getSettings().deviceId ?? null;
    track.enabled = this.micOn;
    this.changed();
  }

  replaceCamera(track) {
    this.cameraTrack?.stop();
    this.cameraTrack = track;
    this.videoDeviceId = track.getSettings().deviceId ?? null;
    this.changed();
  }

  open(constraints) {
    return navigator.mediaDevices.getUserMedia(constraints);
  }

  changed() {
    for (const track of this.stream.getTracks()) this.stream.removeTrack(track);
    if (this.audioTrack) this.stream.addTrack(this.audioTrack);
    const video = this.outgoingVideo();
    if (video) this.stream.addTrack(video);
    for (const listener of this.listeners) listener();
  }
}

/**
 * @param {unknown} error what getUserMedia threw
 * @param {string} what e.g. `"camera"`
 * @returns {string} why it is unavailable, as a sentence
 */
function describeFailure(error, what) {
  switch (error?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return `Parley isn't allowed to use your ${what}. To change that, allow it in your browser's site settings and reload.`;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return `No ${what.replace(' and ', ' or ')} was found.`;
    case 'NotReadableError':
    case 'AbortError':
      return `Your ${what} could not be started; another app may be using it.`;
    default:
      return `Your ${what} could not be started.`;
  }
}
