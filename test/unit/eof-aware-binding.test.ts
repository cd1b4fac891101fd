import assert from 'node:assert/strict';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { eofAwareBinding } from '../../src/serial/eof-aware-binding.js';

/** A port binding on a file descriptor, as bindings-cpp's POSIX ports are. */
function fdPort(fd: number) {
  return { fd: fd as number | null, get isOpen() { return this.fd !== null; }, poller: { once: () => undefined }, read: (_buffer: Buffer, _offset: number, _length: number): Promise<{ bytesRead: number; buffer: Buffer }> => Promise.reject(new Error('the inner read is not used')), tag: 'inner' };
}

describe("a hung-up port (read() gives 0 bytes: end of file) is a disconnect, not serialport's endless re-read", () => {
  it('reads bytes while there are some, then reports the port gone', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'pinmesh-eof-')), 'port');
    writeFileSync(file, Buffer.from([0xf9, 2, 5]));
    const fd = openSync(file, 'r');
    const binding = eofAwareBinding({ list: async () => [], open: async () => fdPort(fd) });
    const port = await binding.open();
    const buffer = Buffer.alloc(8);
    assert.deepEqual(await port.read(buffer, 0, 8), { bytesRead: 3, buffer });
    await assert.rejects(port.read(buffer, 0, 8), (error: Error & { disconnect?: boolean }) => error.disconnect === true && /hung up/.test(error.message));
    assert.equal(port.tag, 'inner', 'everything else is the inner port');
    closeSync(fd);
  });

  it('a port without a file descriptor (Windows) is left as it is', async () => {
    const inner = { isOpen: true, read: async () => ({ bytesRead: 0, buffer: Buffer.alloc(0) }) };
    const binding = eofAwareBinding({ list: async () => [], open: async () => inner });
    assert.equal(await binding.open(), inner);
  });
});
