/**
 * Firmata's STRING_DATA message (`0xF0 0x71`, each character as two 7-bit bytes, `0xF7`): how a
 * Firmata board says something in words. The simulator's TCP port sends one to a connection it
 * turns away (why), before closing it; a client reads it from the raw bytes, since firmata-io
 * drops every sysex that comes before the firmware's version (which a turned-away client never gets).
 */

const START_SYSEX = 0xf0;
const STRING_DATA = 0x71;
const END_SYSEX = 0xf7;

/** A longer string from the board is cut here: it is shown to a person, not stored. */
const MAX_CHARACTERS = 500;

/** `text` as one STRING_DATA message: each UTF-16 code unit as its low 7 bits, then its next 7. */
export function firmataString(text: string): Buffer {
  const bytes = [START_SYSEX, STRING_DATA];
  const units = Math.min(text.length, MAX_CHARACTERS);
  for (let i = 0; i < units; i++) {
    const code = text.charCodeAt(i);
    bytes.push(code & 0x7f, (code >> 7) & 0x7f);
  }
  bytes.push(END_SYSEX);
  return Buffer.from(bytes);
}

/**
 * Watches a board's bytes for STRING_DATA messages; `last` is the latest one read whole. Bounded:
 * a message longer than the limit is cut, and anything that is not a string message is skipped.
 */
export class FirmataStringReader {
  last: string | undefined;
  /** The 7-bit bytes of the string being read; undefined between messages. */
  private body: number[] | undefined;
  private afterStart = false;

  push(bytes: Uint8Array): void {
    for (const byte of bytes) {
      if (this.afterStart) {
        this.afterStart = false;
        if (byte === STRING_DATA) this.body = [];
        continue;
      }
      if (byte === START_SYSEX) {
        this.body = undefined;
        this.afterStart = true;
      } else if (this.body && byte === END_SYSEX) {
        this.last = decode(this.body);
        this.body = undefined;
      } else if (this.body) {
        if (byte > 0x7f) this.body = undefined; // another command began: not a string after all
        else if (this.body.length < MAX_CHARACTERS * 2) this.body.push(byte);
      }
    }
  }
}

function decode(body: number[]): string {
  let text = '';
  for (let i = 0; i + 1 < body.length; i += 2) text += String.fromCharCode(body[i]! | (body[i + 1]! << 7));
  return text;
}
