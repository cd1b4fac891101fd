import { BoardOfflineError, type PinObservation, type PwmObservation, type ServoObservation } from '../board.js';
import type { PinTruth } from '../firmata/pin-truth.js';
import type { ServoWatch } from './servo-watch.js';
import type { SimulatedUno } from './simulated-uno.js';
import { WriteConfirmations } from './write-confirmations.js';

/** Simulated time the MCU gets to show a write once its bytes arrived, before the write is called failed. */
const CONFIRM_WITHIN_MS = 2_000;

/**
 * Pin truth for the simulated Uno, by event: a digital write counts the moment the MCU's port
 * register shows its level (the raw edge, not PinWatch's classified 'pin' observation, which
 * comes up to its toggle window later), a PWM write the moment the timer's registers drive the
 * pin at its duty (COMnx set, OCRnx = duty; 0 and 255 are a plain LOW and HIGH, as Arduino's
 * analogWrite does them), a servo write the moment the MCU's pulses on the pin command its angle
 * (the servo watch times them), a servo detach once the pin stopped pulsing. The observation
 * carries the simulated time it was seen at, a PWM one the frequency the timer generates (from its
 * registers), a servo one the pulse width measured. Writes in flight fail at once when the MCU
 * loses power.
 */
export function simPinTruth(uno: SimulatedUno, servos: ServoWatch): PinTruth {
  const describe = (key: string) => {
    const [kind, value] = key.split(':');
    if (kind === 'servo') return value === 'off' ? 'no servo pulses' : `servo pulses for ${value}°`;
    return kind === 'level' ? (value === '1' ? 'HIGH' : 'LOW') : `PWM at duty ${value}`;
  };
  const servoKey = (pin: number) => {
    const state = servos.state(pin);
    return state.pulsing ? `servo:${state.degrees}` : 'servo:off';
  };
  const levelKey = (pin: number) => `level:${uno.pinLevel(pin)}`;
  const pwmKey = (pin: number) => {
    const state = uno.pwmState(pin);
    return state.driving ? `pwm:${state.ocr}` : levelKey(pin);
  };
  const make = (what: string, shown: (pin: number) => string) =>
    new WriteConfirmations({
      now: () => uno.simulatedMs,
      withinMs: CONFIRM_WITHIN_MS,
      timeout: (pin, key) =>
        new BoardOfflineError(`the MCU did not show ${what} pin ${pin} ${describe(key)} within ${CONFIRM_WITHIN_MS} ms (simulated) of receiving the write; the pin shows ${describe(shown(pin))}`),
    });
  const levels = make('digital', levelKey);
  const pwms = make('PWM', pwmKey);
  const servoWrites = make('servo', servoKey);

  uno.on('level', (pin, _value, at) => {
    levels.changed(pin, levelKey(pin), at);
    pwms.changed(pin, pwmKey(pin), at);
  });
  uno.on('pwm', (pin, _state, at) => pwms.changed(pin, pwmKey(pin), at));
  servos.on('servo', (observation) => servoWrites.changed(observation.pin, servoKey(observation.pin), observation.at));
  uno.on('turn', () => {
    if (levels.pending > 0) levels.expire();
    if (pwms.pending > 0) pwms.expire();
    if (servoWrites.pending > 0) servoWrites.expire();
  });
  uno.on('powerOff', (reason) => {
    const error = new BoardOfflineError(`the simulated Uno lost power before the MCU showed the write (${reason.message})`);
    levels.failAll(error);
    pwms.failAll(error);
    servoWrites.failAll(error);
  });

  return {
    async confirmLevel(pin, value, landed): Promise<PinObservation | undefined> {
      const { at, changed } = await levels.expect(pin, `level:${value}`, levelKey(pin), landed);
      return changed ? { pin, value, at, source: 'mcu' } : undefined;
    },
    async confirmPwm(pin, duty, landed): Promise<PwmObservation> {
      const key = duty === 0 ? 'level:0' : duty === 255 ? 'level:1' : `pwm:${duty}`;
      const { at } = await pwms.expect(pin, key, pwmKey(pin), landed);
      const { frequency } = uno.pwmState(pin);
      return { pin, duty, ...(duty > 0 && duty < 255 && frequency !== undefined ? { frequency } : {}), at, source: 'mcu' };
    },
    async confirmServo(pin, degrees, landed): Promise<ServoObservation> {
      const { at } = await servoWrites.expect(pin, degrees === undefined ? 'servo:off' : `servo:${degrees}`, servoKey(pin), landed);
      const state = servos.state(pin);
      return state.pulsing ? { pin, degrees: state.degrees, pulseUs: state.pulseUs, at, source: 'mcu' } : { pin, at, source: 'mcu' };
    },
  };
}
