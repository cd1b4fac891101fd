/**
 * The serial line between the host and one power-on of the MCU's USART0, at whatever baud rate
 * the firmware set (StandardFirmata: 57600, 8N1, so a byte takes 10 bit times ≈ 174 µs).
 *
 * Host → MCU: bytes wait in a host-side queue and go onto the line one after another, each
 * taking its full character time in simulated cycles before it lands in the receiver (UDR0,
 * RXC0 interrupt). The host can therefore never be faster than the line, just as with a real
 * USB-serial bridge, and the firmware's 64-byte receive ring cannot be overrun from here.
 * While the receiver is disabled (during reset, before Serial.begin) bytes wait. Once enabled, the
 * receiver is the chip's: UDR0 and a second place (the two-character receive FIFO); a byte that
 * lands while both are full is lost (a data overrun), as on the chip. StandardFirmata's receive
 * interrupt empties UDR0 at once, so it never loses one; a bootloader busy flashing its LED when
 * a flasher's first bytes come keeps the first two, as the real one does.
 *
 * MCU → host: every byte the firmware writes to UDR0 is collected and handed over in batches
 * after each turn of the CPU.
 */
import type { Mcu } from './mcu.js';
import { RXC } from './usart-corrections.js';

interface Waiter {
  /** Resolved once this many bytes have landed in the receiver. */
  upTo: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class UsartLink {
  private queue: number[] = [];
  private head = 0;
  private accepted = 0;
  private landed = 0;
  private onLine = false;
  /** The cycle before which the next byte does not go on an idle line (send's notBefore). */
  private lineFreeAt = 0;
  /** The receive FIFO's second place: a byte that landed while UDR0 was unread. */
  private held: number | undefined;
  /** Bytes lost because UDR0 and the FIFO were both full when they landed. */
  overruns = 0;
  private waiters: Waiter[] = [];
  private tx: number[] = [];
  private cutReason: Error | undefined;
  /** Bytes the firmware has transmitted since this power-on. */
  transmitted = 0;
  /** MCU cycle at which the latest byte landed in the receiver (-1: none yet). */
  lastLandedAt = -1;
  /** Called (inside the CPU loop) for every byte the firmware transmits. */
  onTransmit: ((byte: number) => void) | undefined;
  /** Called (inside the CPU loop) when a byte is lost to an overrun, with the count so far. */
  onOverrun: ((overruns: number) => void) | undefined;
  /** True while a byte is in UDR0, unread. */
  private readonly unread: () => boolean;

  constructor(private readonly mcu: Mcu) {
    const usart = mcu.usart;
    usart.onByteTransmit = (byte) => {
      this.tx.push(byte);
      this.transmitted++;
      this.onTransmit?.(byte);
    };
    // Enabling the receiver (Serial.begin) lets waiting bytes go; turning it off flushes what it held.
    usart.onConfigurationChange = () => {
      if (!usart.rxEnable) this.held = undefined;
      this.pump();
    };
    // Reading UDR0 moves the FIFO's second byte up.
    const { UDR, UCSRA } = mcu.config.usart;
    const readUdr = mcu.cpu.readHooks[UDR]!;
    this.unread = () => (mcu.cpu.data[UCSRA]! & RXC) !== 0;
    mcu.cpu.readHooks[UDR] = (address) => {
      const value = readUdr(address);
      const held = this.held;
      if (held !== undefined && !this.cutReason) {
        this.held = undefined;
        usart.writeByte(held, true);
      }
      return value;
    };
  }

  /**
   * Queues bytes for the MCU; returns how many bytes have been accepted in total so far. On an idle
   * line the first goes on it at cycle `notBefore` if the CPU is behind that (a paced MCU between two
   * turns is behind wall time: the bytes were sent now, not when its last turn ended).
   */
  send(bytes: Iterable<number>, notBefore = 0): number {
    if (this.cutReason) return this.accepted;
    if (!this.onLine && this.head >= this.queue.length) this.lineFreeAt = notBefore;
    for (const byte of bytes) {
      this.queue.push(byte & 0xff);
      this.accepted++;
    }
    this.pump();
    return this.accepted;
  }

  /** Bytes accepted but not yet clocked into the MCU's receiver. */
  get pending(): number {
    return this.accepted - this.landed;
  }

  /**
   * Cycles the bytes not yet landed still need on the line (the one on it may be part-way), or
   * 0 while the receiver is off (they wait for the firmware, not for the line).
   */
  get lineCycles(): number {
    const usart = this.mcu.usart;
    if (this.pending === 0 || !usart.rxEnable) return 0;
    const bitsPerFrame = 1 + usart.bitsPerChar + usart.stopBits + (usart.parityEnabled ? 1 : 0);
    return (this.pending * bitsPerFrame * this.mcu.config.clockHz) / usart.baudRate;
  }

  /** Resolves once the first `upTo` accepted bytes (default: all so far) have landed in the receiver. */
  drained(upTo = this.accepted): Promise<void> {
    if (this.cutReason) return Promise.reject(this.cutReason);
    if (this.landed >= upTo) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ upTo, resolve, reject }));
  }

  /** Count of bytes that have landed in the receiver. */
  get delivered(): number {
    return this.landed;
  }

  /** Bytes the firmware transmitted since the last call. */
  takeTransmitted(): Buffer | undefined {
    if (this.tx.length === 0) return undefined;
    const out = Buffer.from(this.tx);
    this.tx = [];
    return out;
  }

  /** Settles the flush promises whose bytes have landed; call outside the CPU loop. */
  settle(): void {
    if (this.waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (this.landed >= waiter.upTo) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }

  /** The line is gone (reset, unplug, stop): queued bytes are dropped and flushes reject. */
  cut(reason: Error): void {
    if (this.cutReason) return;
    this.cutReason = reason;
    this.queue = [];
    this.head = 0;
    const usart = this.mcu.usart;
    usart.onByteTransmit = null;
    usart.onConfigurationChange = null;
    for (const waiter of this.waiters) waiter.reject(reason);
    this.waiters = [];
  }

  /** A byte reached the receiver: into UDR0 (RXC), the FIFO's second place, or lost. */
  private land(byte: number): void {
    if (this.cutReason) return;
    this.onLine = false;
    if (!this.unread()) this.mcu.usart.writeByte(byte, true);
    else if (this.held === undefined) this.held = byte;
    else this.onOverrun?.(++this.overruns);
    this.landed++;
    this.lastLandedAt = this.mcu.cycles;
    this.pump();
  }

  private pump(): void {
    if (this.onLine || this.head >= this.queue.length || this.cutReason) return;
    const usart = this.mcu.usart;
    if (!usart.rxEnable) return;
    const byte = this.queue[this.head] as number;
    this.head++;
    this.onLine = true;
    // The byte is on the line for one character time before it lands.
    const frameBits = 1 + usart.bitsPerChar + usart.stopBits + (usart.parityEnabled ? 1 : 0);
    const wait = Math.max(0, Math.round(this.lineFreeAt - this.mcu.cycles));
    this.lineFreeAt = 0;
    this.mcu.cpu.addClockEvent(() => this.land(byte), wait + Math.round((frameBits * this.mcu.config.clockHz) / usart.baudRate));
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
