import type { PiezoTone } from '../shared/view-state.js';
import { byId } from './dom.js';

/** Arduino's PWM on pin 3 runs at about 490 Hz: the tone when the board cannot measure one (the mock). */
const fallbackHz = 490;
const volume = 0.04;

/**
 * The piezo, heard: a square wave at the frequency the board measured, while any piezo sounds.
 * Muted until the person clicks (browsers allow sound only after a gesture), silent while the
 * tab is hidden.
 */
export class Sound {
  private readonly button = byId<HTMLButtonElement>('sound');
  private context: AudioContext | undefined;
  private oscillator: OscillatorNode | undefined;
  private gain: GainNode | undefined;
  private enabled = false;
  private tone: { on: boolean; frequency: number } = { on: false, frequency: fallbackHz };

  constructor() {
    this.button.addEventListener('click', () => this.toggle());
    document.addEventListener('visibilitychange', () => this.apply());
  }

  /** The piezos as the state says now. */
  update(piezos: Record<string, PiezoTone>): void {
    const sounding = Object.values(piezos).find((tone) => tone.on);
    this.tone = { on: sounding !== undefined, frequency: sounding?.frequency ?? fallbackHz };
    this.apply();
  }

  private toggle(): void {
    this.enabled = !this.enabled;
    if (this.enabled && !this.context) {
      this.context = new AudioContext();
      this.oscillator = this.context.createOscillator();
      this.oscillator.type = 'square';
      this.gain = this.context.createGain();
      this.gain.gain.value = 0;
      this.oscillator.connect(this.gain).connect(this.context.destination);
      this.oscillator.start();
    }
    this.button.setAttribute('aria-pressed', String(this.enabled));
    this.button.textContent = this.enabled ? 'sound on: click to mute' : 'sound off: click to hear the piezo';
    this.apply();
  }

  private apply(): void {
    if (!this.context || !this.oscillator || !this.gain) return;
    const audible = this.enabled && this.tone.on && document.visibilityState === 'visible';
    const now = this.context.currentTime;
    this.oscillator.frequency.setValueAtTime(this.tone.frequency, now);
    this.gain.gain.setTargetAtTime(audible ? volume : 0, now, 0.005);
    if (document.visibilityState === 'hidden') void this.context.suspend();
    else if (this.enabled) void this.context.resume();
  }
}
