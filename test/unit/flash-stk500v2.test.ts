/**
 * The Mega 2560's bootloader protocol, STK500v2 (AVR068; avrdude's `-c wiring`), against a fake
 * bootloader written from the spec and from stk500boot.c (test/support/stk500v2-responder.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ATMEGA2560 } from '../../src/chips/atmega2560.js';
import { BootloaderNotAnsweringError, SignatureMismatchError } from '../../src/flash/flash-errors.js';
import { flashHex } from '../../src/flash/flash.js';
import { Stk500v2Programmer } from '../../src/flash/stk500v2-programmer.js';
import { EXTENDED_ADDRESS_FLAG, frameMessage, takeMessage } from '../../src/flash/stk500v2-protocol.js';
import { pseudoRandomBytes, toIntelHex } from '../support/intel-hex-text.js';
import { Stk500v2Responder } from '../support/stk500v2-responder.js';

// Short timeouts so failing cases end quickly; they bound waiting only, nothing asserts on time.
const quick = { syncAttempts: 2, syncTimeoutMs: 50, replyTimeoutMs: 1000, drainQuietMs: 20 };
const mega = { protocol: 'stk500v2', chip: ATMEGA2560 } as const;

describe('STK500v2 framing', () => {
  it('frames a message: MESSAGE_START, sequence, size, TOKEN, body, XOR checksum', () => {
    // avrdude's first message to a Mega: CMD_SIGN_ON, sequence 1.
    assert.deepEqual([...frameMessage(1, [0x01])], [0x1b, 0x01, 0x00, 0x01, 0x0e, 0x01, 0x14]);
    const long = frameMessage(7, new Uint8Array(300).fill(0xaa));
    assert.deepEqual([...long.subarray(0, 5)], [0x1b, 0x07, 0x01, 0x2c, 0x0e]);
    assert.equal(long.length, 306);
  });

  it('takes a message out of a stream: noise before it skipped, a partial one kept, a bad checksum told', () => {
    const message = frameMessage(3, [0x03, 0x00, 0x0a]);
    const noise = Buffer.from([0x00, 0x1b, 0x99, 0x1b]);
    const partial = takeMessage(Buffer.concat([noise, message.subarray(0, 6)]));
    assert.equal(partial.message, undefined);
    const whole = takeMessage(Buffer.concat([partial.rest, message.subarray(6), Buffer.from([0x42])]));
    assert.deepEqual(whole.message, { sequence: 3, body: Buffer.from([0x03, 0x00, 0x0a]), checksumOk: true });
    assert.deepEqual([...whole.rest], [0x42]);
    const corrupt = Buffer.from(message);
    corrupt[6] = corrupt[6]! ^ 0x01;
    assert.equal(takeMessage(corrupt).message?.checksumOk, false);
  });
});

describe('flashHex over STK500v2 (the Mega 2560)', () => {
  it('writes an image beyond 64 KiB, with bit 31 on every LOAD_ADDRESS, and verifies it', async () => {
    const image = pseudoRandomBytes(0x10000 + 0x180, 21);
    const responder = new Stk500v2Responder();
    const stats = await flashHex({ link: responder, hexData: toIntelHex([[0, image]]), ...mega });

    assert.deepEqual(responder.flash.subarray(0, image.length), image);
    assert.ok(responder.flash.subarray(image.length).every((b) => b === 0xff));
    assert.equal(stats.protocol, 'stk500v2');
    assert.equal(stats.chip, 'ATmega2560');
    assert.equal(stats.signature, '1e 98 01');
    assert.equal(stats.bootloaderVersion, '2.10');
    assert.equal(stats.pages, 258);
    assert.ok(responder.addressesLoaded.every((a) => a >= EXTENDED_ADDRESS_FLAG), 'bit 31: flash larger than 64 KiB');
    assert.ok(responder.addressesLoaded.includes(EXTENDED_ADDRESS_FLAG + 0x10100 / 2), 'word addresses past 64 KiB');
    assert.equal(responder.log[0], 'SIGN_ON');
    assert.equal(responder.log.at(-1), 'LEAVE_PROGMODE_ISP');
    assert.equal(responder.left, true);
  });

  it('writes every page from 0 in order, gaps as erased flash: the bootloader erases pages by a counter from 0', async () => {
    const low = pseudoRandomBytes(100, 1);
    const high = pseudoRandomBytes(40, 2);
    const responder = new Stk500v2Responder();
    const stats = await flashHex({ link: responder, hexData: toIntelHex([[0x200, low], [0x800, high]]), ...mega });

    assert.deepEqual(responder.pagesWritten.map((p) => p.address), [0, 0x100, 0x200, 0x300, 0x400, 0x500, 0x600, 0x700, 0x800]);
    assert.equal(stats.pages, 9);
    const expected = new Uint8Array(0x900).fill(0xff);
    expected.set(low, 0x200);
    expected.set(high, 0x800);
    assert.deepEqual(responder.flash.subarray(0, 0x900), expected);
  });

  it('reads the signature through SPI_MULTI from a bootloader without READ_SIGNATURE_ISP', async () => {
    const responder = new Stk500v2Responder({ noReadSignatureIsp: true });
    const programmer = new Stk500v2Programmer(responder, quick);
    await programmer.sync();
    assert.deepEqual([...(await programmer.readSignature())], [0x1e, 0x98, 0x01]);
    assert.deepEqual(responder.log.slice(1, 3), ['READ_SIGNATURE_ISP', 'SPI_MULTI']);
    programmer.dispose();
  });

  it('late replies to earlier SIGN_ONs are told apart by their sequence number', async () => {
    // The first two SIGN_ONs go unanswered until the next command: both attempts time out, the third
    // is answered, and the two late replies (SIGN_ON's sequence number) arrive just before
    // GET_PARAMETER's, which must not be taken for the version's. No timer decides where they land.
    const responder = new Stk500v2Responder({ holdFirstSignOns: 2 });
    const programmer = new Stk500v2Programmer(responder, { ...quick, syncAttempts: 3 });
    assert.equal(await programmer.sync(), 3);
    assert.equal(await programmer.readVersion(), '2.10');
    assert.deepEqual([...(await programmer.readSignature())], [0x1e, 0x98, 0x01]);
    assert.deepEqual(responder.log.slice(0, 4), ['SIGN_ON', 'SIGN_ON', 'SIGN_ON', 'GET_PARAMETER']);
    programmer.dispose();
  });

  it('refuses an Uno answering STK500v2 before writing anything', async () => {
    const responder = new Stk500v2Responder({ signature: [0x1e, 0x95, 0x0f] });
    await assert.rejects(flashHex({ link: responder, hexData: toIntelHex([[0, pseudoRandomBytes(16)]]), where: '/dev/ttyACM1', ...mega }), (error: unknown) => {
      assert.ok(error instanceof SignatureMismatchError);
      assert.match(error.message, /^The board on \/dev\/ttyACM1 has an ATmega328P \(signature 1e 95 0f\), not the ATmega2560 \(1e 98 01\).*Pick the Mega 2560/);
      return true;
    });
    assert.equal(responder.log.includes('PROGRAM_FLASH_ISP'), false);
  });

  it('no answer: advice naming the protocol and the other one', async () => {
    const responder = new Stk500v2Responder({ silent: true });
    await assert.rejects(
      flashHex({ link: responder, hexData: toIntelHex([[0, pseudoRandomBytes(16)]]), where: '/dev/ttyACM1', baudRate: 115200, ...mega, ...quick }),
      (error: unknown) => {
        assert.ok(error instanceof BootloaderNotAnsweringError);
        assert.match(error.message, /^No Arduino bootloader answered on \/dev\/ttyACM1 at 115200 baud \(stk500v2\)\./);
        assert.match(error.message, /a Mega 2560 \(an Uno or a Nano speaks STK500v1: pass --protocol stk500v1\)/);
        return true;
      },
    );
  });
});
