/**
 * avrdude as referee: the flash image pinmesh's flasher leaves in a bootloader is byte-equal to
 * the one avrdude leaves, for the same hex. Each flasher talks, through a real serial port (a pty
 * made by socat; pinmesh through serialport), to a fresh fake bootloader that keeps what it was
 * sent: STK500v2 as avrdude's `-c wiring` to the Mega 2560's bootloader, STK500v1 as `-c arduino`.
 * Needs Debian's avrdude and socat (skipped, saying why, without them).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ATMEGA2560 } from '../../src/chips/atmega2560.js';
import { ATMEGA328P } from '../../src/chips/atmega328p.js';
import { flashSerialPort } from '../../src/flash/flash-serial-port.js';
import type { ProgrammerProtocol } from '../../src/flash/programmer.js';
import { findSocat } from '../../src/sim-serial/socat.js';
import { pseudoRandomBytes, toIntelHex } from '../support/intel-hex-text.js';
import { ptyResponder, type ByteResponder } from '../support/pty-responder.js';
import { Stk500Responder } from '../support/stk500-responder.js';
import { Stk500v2Responder } from '../support/stk500v2-responder.js';

const run = promisify(execFile);
const socat = findSocat();
const AVRDUDE = '/usr/bin/avrdude';
function installed(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
const skip = !installed(AVRDUDE)
  ? 'avrdude is not installed (apt-get install avrdude): it is the referee'
  : !socat
    ? 'socat is not installed (apt-get install socat): it makes the pseudo-terminal'
    : undefined;

interface Referee {
  protocol: ProgrammerProtocol;
  /** avrdude's -c and -p. */
  programmer: string;
  part: string;
  chip: typeof ATMEGA328P;
  /** An image as a sketch is: from 0, contiguous; past 64 KiB on the Mega. */
  image: Uint8Array;
  responder: () => ByteResponder & { flash: Uint8Array };
}

const referees: Referee[] = [
  {
    protocol: 'stk500v2',
    programmer: 'wiring',
    part: 'atmega2560',
    chip: ATMEGA2560,
    image: pseudoRandomBytes(0x10000 + 0x180, 31),
    responder: () => new Stk500v2Responder(),
  },
  {
    protocol: 'stk500v1',
    programmer: 'arduino',
    part: 'atmega328p',
    chip: ATMEGA328P,
    image: pseudoRandomBytes(20_000, 32),
    responder: () => new Stk500Responder(),
  },
];

describe('avrdude as referee: the same flash image as avrdude writes', { skip }, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinmesh-referee-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const referee of referees) {
    it(`${referee.protocol}: pinmesh flash leaves what avrdude -c ${referee.programmer} leaves`, async () => {
      const hexFile = join(dir, `${referee.protocol}.hex`);
      const hexData = toIntelHex([[0, referee.image]]);
      await writeFile(hexFile, hexData);

      // avrdude, as the Arduino IDE runs it (-D: no chip erase; its verify on).
      const byAvrdude = referee.responder();
      const avrdudePort = await ptyResponder(socat!, join(dir, `${referee.protocol}-avrdude`), byAvrdude);
      try {
        await run(AVRDUDE, ['-p', referee.part, '-c', referee.programmer, '-P', avrdudePort.link, '-b', '115200', '-D', '-U', `flash:w:${hexFile}:i`], {
          timeout: 120_000,
        });
        await avrdudePort.closed;
      } finally {
        avrdudePort.stop();
      }
      assert.deepEqual(byAvrdude.flash.subarray(0, referee.image.length), referee.image, 'avrdude wrote the image');

      // pinmesh, through serialport on a pty, to a fresh bootloader.
      const byPinmesh = referee.responder();
      const pinmeshPort = await ptyResponder(socat!, join(dir, `${referee.protocol}-pinmesh`), byPinmesh);
      try {
        const stats = await flashSerialPort({
          path: pinmeshPort.link,
          hexData,
          protocol: referee.protocol,
          chip: referee.chip,
          baudRate: 115200,
        });
        assert.equal(stats.protocol, referee.protocol);
      } finally {
        pinmeshPort.stop();
      }

      assert.ok(Buffer.from(byPinmesh.flash).equals(Buffer.from(byAvrdude.flash)), 'the whole flash is byte-equal');
      if (byAvrdude instanceof Stk500v2Responder && byPinmesh instanceof Stk500v2Responder) {
        // The same pages, at the same addresses, in the same order, as PROGRAM_FLASH_ISP carried them.
        assert.deepEqual(byPinmesh.pagesWritten, byAvrdude.pagesWritten);
      }
    });
  }
});
