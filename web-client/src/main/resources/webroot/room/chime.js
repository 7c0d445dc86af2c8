/**
 * The "time is up" chime of a room's timer: two short tones made with Web Audio (no sound file to
 * fetch). Browsers allow it because the Join click already let the page play sound.
 */

/** The tones, in Hz, and how long each sounds, in seconds. */
const TONES = [880, 660];
const TONE_S = 0.18;

/** Plays the chime; does nothing where Web Audio is missing or not allowed. */
export function chime() {
  const Context = globalThis.AudioContext ?? globalThis.webkitAudioContext;
  if (!Context) return;
  try {
    const audio = new Context();
    TONES.forEach((frequency, index) => {
      const start = audio.currentTime + index * (TONE_S + 0.05);
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + TONE_S);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(start);
      oscillator.stop(start + TONE_S);
    });
    setTimeout(() => audio.close().catch(() => {}), 1000);
  } catch {
    // No sound then; the badge and the announcement still say it.
  }
}
