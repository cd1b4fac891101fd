/**
 * Reaching the bootloader as avrdude does (stk500.c's stk500_getsync): drain what the old sketch
 * sent, send GET_SYNC twice draining after each, then retry GET_SYNC (resetting the board between
 * attempts), and never take a late reply to an earlier GET_SYNC for the answer to a later command.
 * Run with the flasher's default timeouts: these bootloaders are slow on purpose.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flashHex } from '../../src/flash/flash.js';
import { Stk500Responder } from '../support/stk500-responder.js';
import { pseudoRandomBytes, toIntelHex } from '../support/intel-hex-text.js';

const image = pseudoRandomBytes(200, 11);
const hexData = toIntelHex([[0, image]]);

describe('reaching a slow bootloader', () => {
  it('ATmegaBOOT flashing its LED before it listens: the GET_SYNCs it then answers at once are not taken for later replies', async () => {
    // Bytes sent during the LED flash wait in the UART and are all answered when it starts.
    const responder = new Stk500Responder({ startupMs: 700 });
    const stats = await flashHex({ link: responder, hexData });
    assert.deepEqual(responder.flash.subarray(0, image.length), image);
    assert.equal(stats.bootloaderVersion, '4.4');
    assert.equal(responder.log.includes('NOSYNC'), false);
  });

  it('late GET_SYNC replies are told from a version reply whose value is OK’s byte (0x10)', async () => {
    const responder = new Stk500Responder({ startupMs: 700, version: [0x10, 2] });
    const stats = await flashHex({ link: responder, hexData });
    assert.deepEqual(responder.flash.subarray(0, image.length), image);
    assert.equal(stats.bootloaderVersion, '16.2');
  });

  it('GET_SYNCs the old sketch swallowed before the reset are not waited for until optiboot’s 1 s watchdog starts the application', async () => {
    // The port opened while Blink ran: the two draining GET_SYNCs reached Blink, the third optiboot.
    const responder = new Stk500Responder({ dropFirstWrites: 2, watchdogMs: 1000 });
    const stats = await flashHex({ link: responder, hexData });
    assert.deepEqual(responder.flash.subarray(0, image.length), image);
    assert.equal(stats.bootloaderVersion, '4.4');
    assert.equal(responder.leftForApplication, false);
  });

  it('a bootloader that answers everything 400 ms late is flashed and verified', async () => {
    const responder = new Stk500Responder({ replyDelayMs: 400 });
    const stats = await flashHex({ link: responder, hexData });
    assert.deepEqual(responder.flash.subarray(0, image.length), image);
    assert.equal(stats.signature, '1e 95 0f');
  });
});
