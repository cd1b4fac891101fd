/**
 * The whole state of one power-on of the chip, taken and put back: the CPU (data space, PC,
 * cycle counter, pending interrupts, pending clock events) and every peripheral's own fields, so
 * that an Mcu built fresh on the same flash and given the state goes on exactly as the one it was
 * taken from would have.
 *
 * avr8js keeps a peripheral's state in plain fields (numbers, booleans, strings, arrays and typed
 * arrays of numbers, small objects of numbers such as a counter set) and its wiring in the rest
 * (the CPU, configs, interrupt descriptors, listeners, bound methods). State is copied; wiring is
 * the new chip's own. A pending clock event is named by the peripheral field that holds its
 * callback (a timer's `count`, the watchdog's `checkWatchdog`); an event whose callback no field
 * holds (avr8js's USART and ADC schedule closures while a byte or a conversion is under way) cannot
 * be named, and then there is no state to take: takeMcuState() returns undefined.
 */
import { firstClockEvent, setClockEvents, type ClockEvent } from './clock-events.js';
import { countUpToNow } from './lazy-timer-events.js';
import type { Mcu } from './mcu.js';

/** avr8js's interrupt descriptor (not exported by its index). */
interface AVRInterruptConfig {
  address: number;
  flagRegister: number;
  flagMask: number;
  enableRegister: number;
  enableMask: number;
  constant?: boolean;
  inverseFlag?: boolean;
}

/** A number, a boolean, a string, or nothing: copied as it is. */
type Plain = number | boolean | string | null | undefined;
/** A peripheral's state: its plain fields, its arrays of plain values, its objects of plain values. */
type FieldValue = Plain | Plain[] | { typed: 'u8' | 'u16' | 'f64'; values: number[] } | { [key: string]: Plain };

export interface McuState {
  cycles: number;
  pc: number;
  /** The whole data space: registers, I/O, SRAM. */
  data: Uint8Array;
  nextInterrupt: number;
  maxInterrupt: number;
  /** Vector addresses of the interrupts pending. */
  pending: number[];
  /** Pending clock events in the CPU's order: at which cycle, and which field of which peripheral (Mcu.peripherals). */
  events: { cycles: number; owner: number; field: string }[];
  /** Per peripheral (Mcu.peripherals), its state fields. */
  fields: Record<string, FieldValue>[];
}

interface CpuInternals {
  pendingInterrupts: (AVRInterruptConfig | null)[];
  nextInterrupt: number;
  maxInterrupt: number;
}

/**
 * The chip's state now, or undefined when a pending clock event is one no field names (or avr8js
 * keeps them otherwise). Its timers are counted up to now first (lazy-timer-events.ts).
 */
export function takeMcuState(mcu: Mcu): McuState | undefined {
  const cpu = mcu.cpu;
  mcu.timers.forEach(countUpToNow);
  const internals = cpu as unknown as CpuInternals;
  const first = firstClockEvent(cpu);
  if (first === undefined) return undefined;
  const events: McuState['events'] = [];
  for (let event = first; event; event = event.next) {
    const named = nameCallback(mcu.peripherals, event.callback);
    if (!named) return undefined;
    events.push({ cycles: event.cycles, ...named });
  }
  const pending: number[] = [];
  internals.pendingInterrupts.forEach((interrupt, address) => {
    if (interrupt) pending.push(address);
  });
  return {
    cycles: cpu.cycles,
    pc: cpu.pc,
    data: new Uint8Array(cpu.data),
    nextInterrupt: internals.nextInterrupt,
    maxInterrupt: internals.maxInterrupt,
    pending,
    events,
    fields: mcu.peripherals.map(stateFields),
  };
}

/**
 * Puts `state` into `mcu`, a fresh power-on of the same chip and flash. Returns false (and leaves
 * the chip half-written: build another) when the state names something this chip does not have.
 */
export function putMcuState(mcu: Mcu, state: McuState): boolean {
  const cpu = mcu.cpu;
  const internals = cpu as unknown as CpuInternals;
  if (state.data.length !== cpu.data.length || state.fields.length !== mcu.peripherals.length) return false;
  const interrupts = interruptsByAddress(mcu.peripherals);
  if (state.pending.some((address) => !interrupts.has(address))) return false;
  let head: ClockEvent | null = null;
  for (let i = state.events.length - 1; i >= 0; i--) {
    const { cycles, owner, field } = state.events[i]!;
    const callback = (mcu.peripherals[owner] as Record<string, unknown> | undefined)?.[field];
    if (typeof callback !== 'function') return false;
    head = { cycles, callback: callback as () => void, next: head };
  }
  state.fields.forEach((fields, index) => putFields(mcu.peripherals[index]!, fields));
  cpu.data.set(state.data);
  cpu.pc = state.pc;
  cpu.cycles = state.cycles;
  internals.pendingInterrupts.fill(null);
  for (const address of state.pending) internals.pendingInterrupts[address] = interrupts.get(address)!;
  internals.nextInterrupt = state.nextInterrupt;
  internals.maxInterrupt = state.maxInterrupt;
  setClockEvents(cpu, head);
  return true;
}

function nameCallback(peripherals: readonly object[], callback: unknown): { owner: number; field: string } | undefined {
  for (let owner = 0; owner < peripherals.length; owner++) {
    const peripheral = peripherals[owner] as Record<string, unknown>;
    for (const field of Object.keys(peripheral)) {
      if (peripheral[field] === callback) return { owner, field };
    }
  }
  return undefined;
}

function isPlain(value: unknown): value is Plain {
  return value === null || value === undefined || ['number', 'boolean', 'string'].includes(typeof value);
}

/** An interrupt descriptor (AVRInterruptConfig): wiring, not state. */
function isInterrupt(value: unknown): value is AVRInterruptConfig {
  const candidate = value as Partial<AVRInterruptConfig> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.address === 'number' && typeof candidate.flagRegister === 'number';
}

function stateFields(peripheral: object): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(peripheral)) {
    if (key === 'config' || isInterrupt(value)) continue;
    if (isPlain(value)) fields[key] = value;
    else if (value instanceof Uint8Array) fields[key] = { typed: 'u8', values: [...value] };
    else if (value instanceof Uint16Array) fields[key] = { typed: 'u16', values: [...value] };
    else if (value instanceof Float64Array) fields[key] = { typed: 'f64', values: [...value] };
    else if (Array.isArray(value) && value.every(isPlain)) fields[key] = [...value];
    else if (isPlainObject(value) && Object.values(value).every(isPlain)) fields[key] = { ...(value as Record<string, Plain>) };
  }
  return fields;
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function putFields(peripheral: object, fields: Record<string, FieldValue>): void {
  const target = peripheral as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) {
    const current = target[key];
    if (isPlain(value)) target[key] = value;
    else if (Array.isArray(value)) {
      // An array the new chip filled with wiring (listeners) is its own.
      if (!Array.isArray(current) || current.every(isPlain)) target[key] = [...value];
    }
    else if ('typed' in value && (current instanceof Uint8Array || current instanceof Uint16Array || current instanceof Float64Array)) {
      current.set(value.values as number[]);
    } else if (isPlainObject(current)) Object.assign(current as object, value);
  }
}

/** Each interrupt descriptor the peripherals hold, by its vector address. */
function interruptsByAddress(peripherals: readonly object[]): Map<number, AVRInterruptConfig> {
  const found = new Map<number, AVRInterruptConfig>();
  const add = (value: unknown) => {
    if (isInterrupt(value)) found.set(value.address, value);
  };
  for (const peripheral of peripherals) {
    for (const value of Object.values(peripheral)) {
      if (Array.isArray(value)) value.forEach(add);
      else add(value);
    }
  }
  return found;
}
