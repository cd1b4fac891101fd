import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runPorts } from '../../src/cli/commands/ports.js';
import { UserError } from '../../src/errors.js';
import { findUno } from '../../src/serial/find-uno.js';
import { listSerialPorts, withFallbackLister } from '../../src/serial/list-ports.js';
import type { RawPortLister } from '../../src/serial/raw-port.js';
import { listSysfsPorts } from '../../src/serial/sysfs-ports.js';

/**
 * Fake sysfs trees laid out like the real one: device directories under devices/, class/tty/<name>
 * a relative symlink to the tty's directory, and `device` a relative symlink from there up to the
 * device (the USB interface, the usb-serial port, the PNP UART).
 */
class FakeSysfs {
  constructor(readonly root: string) {}

  static async create(parent: string, name: string): Promise<FakeSysfs> {
    const root = join(parent, name);
    await mkdir(join(root, 'class', 'tty'), { recursive: true });
    return new FakeSysfs(root);
  }

  async attributes(dir: string, values: Record<string, string>): Promise<void> {
    await mkdir(join(this.root, dir), { recursive: true });
    for (const [name, value] of Object.entries(values)) await writeFile(join(this.root, dir, name), `${value}\n`);
  }

  /** devices/<ttyDir> with its attributes, `device -> deviceLink` (if any), and class/tty/<name> -> it. */
  async tty(ttyDir: string, options: { deviceLink?: string; attributes?: Record<string, string> } = {}): Promise<void> {
    const name = ttyDir.split('/').at(-1)!;
    await this.attributes(join('devices', ttyDir), { dev: '166:0', ...options.attributes });
    if (options.deviceLink) await symlink(options.deviceLink, join(this.root, 'devices', ttyDir, 'device'));
    await symlink(join('..', '..', 'devices', ttyDir), join(this.root, 'class', 'tty', name));
  }

  /** The virtual ttys every machine has: no device link. */
  async virtualTtys(): Promise<void> {
    for (const name of ['console', 'ptmx', 'tty', 'tty0', 'tty1']) await this.tty(`virtual/tty/${name}`);
  }
}

const usb1 = 'pci0000:00/0000:00:14.0/usb1';

/** A genuine Uno on 1-1 (cdc_acm: ttyACM0 under the interface). */
async function addUno(sysfs: FakeSysfs): Promise<void> {
  await sysfs.attributes(`devices/${usb1}`, { idVendor: '1d6b', idProduct: '0002', manufacturer: 'Linux 6.8.0 xhci-hcd', product: 'xHCI Host Controller' });
  await sysfs.attributes(`devices/${usb1}/1-1`, {
    idVendor: '2341',
    idProduct: '0043',
    manufacturer: 'Arduino (www.arduino.cc)',
    product: 'Arduino Uno',
    serial: '85736323838351E0E1C1',
  });
  await sysfs.attributes(`devices/${usb1}/1-1/1-1:1.0`, { bInterfaceClass: '02' });
  await sysfs.tty(`${usb1}/1-1/1-1:1.0/tty/ttyACM0`, {
    deviceLink: '../../../1-1:1.0',
    attributes: { uevent: 'MAJOR=166\nMINOR=0\nDEVNAME=ttyACM0' },
  });
}

/** A CH340 clone on 1-2 (usb-serial: interface, then a ttyUSB0 port device, then the tty). No manufacturer, no serial. */
async function addCh340(sysfs: FakeSysfs): Promise<void> {
  await sysfs.attributes(`devices/${usb1}/1-2`, { idVendor: '1a86', idProduct: '7523', product: 'USB Serial' });
  await sysfs.attributes(`devices/${usb1}/1-2/1-2:1.0`, { bInterfaceClass: 'ff' });
  await sysfs.attributes(`devices/${usb1}/1-2/1-2:1.0/ttyUSB0`, { port_number: '0' });
  await sysfs.tty(`${usb1}/1-2/1-2:1.0/ttyUSB0/tty/ttyUSB0`, { deviceLink: '../../../ttyUSB0' });
}

/** A real 16550A on the motherboard (type 4), as on kernels with the serial-base bus. */
async function addBuiltinUart(sysfs: FakeSysfs): Promise<void> {
  await sysfs.attributes('devices/pnp0/00:00/00:00:0/00:00:0.0', {});
  await sysfs.tty('pnp0/00:00/00:00:0/00:00:0.0/tty/ttyS0', { deviceLink: '../../../00:00:0.0', attributes: { type: '4', port: '0x3F8' } });
}

/** 8250 placeholders with no UART behind them (type 0): what clutters udevadm's list on most PCs. */
async function addPlaceholderUarts(sysfs: FakeSysfs): Promise<void> {
  for (const n of [1, 2, 31]) {
    await sysfs.attributes(`devices/platform/serial8250/serial8250:0/serial8250:0.${n}`, {});
    await sysfs.tty(`platform/serial8250/serial8250:0/serial8250:0.${n}/tty/ttyS${n}`, {
      deviceLink: `../../../serial8250:0.${n}`,
      attributes: { type: '0', port: '0x0' },
    });
  }
}

const udevadmMissing: RawPortLister = async () => {
  throw Object.assign(new Error('spawn udevadm ENOENT'), { code: 'ENOENT', syscall: 'spawn udevadm' });
};

describe('listing serial ports from sysfs (no udevadm)', () => {
  let tmp: string;
  let full: FakeSysfs;
  let unoOnly: FakeSysfs;
  let empty: FakeSysfs;
  let bare: FakeSysfs;

  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'pinmesh-sysfs-'));
    full = await FakeSysfs.create(tmp, 'full');
    await full.virtualTtys();
    await addPlaceholderUarts(full);
    await addBuiltinUart(full);
    await addCh340(full);
    await addUno(full);

    unoOnly = await FakeSysfs.create(tmp, 'uno-only');
    await unoOnly.virtualTtys();
    await addUno(unoOnly);

    empty = await FakeSysfs.create(tmp, 'empty');
    await empty.virtualTtys();
    await addPlaceholderUarts(empty);

    bare = await FakeSysfs.create(tmp, 'bare');
  });
  after(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('reads the USB ids, manufacturer, product and serial from the USB device above the tty', async () => {
    const ports = await listSysfsPorts(full.root);
    assert.deepEqual(ports[0], {
      path: '/dev/ttyACM0',
      vendorId: '2341',
      productId: '0043',
      manufacturer: 'Arduino (www.arduino.cc)',
      product: 'Arduino Uno',
      serialNumber: '85736323838351E0E1C1',
    });
    assert.deepEqual(ports[1], {
      path: '/dev/ttyUSB0',
      vendorId: '1a86',
      productId: '7523',
      manufacturer: undefined,
      product: 'USB Serial',
      serialNumber: undefined,
    });
  });

  it('marks the Uno and the CH340 clone as likely Arduinos', async () => {
    const ports = await listSerialPorts(() => listSysfsPorts(full.root));
    const byPath = new Map(ports.map((port) => [port.path, port]));
    assert.deepEqual(byPath.get('/dev/ttyACM0'), {
      path: '/dev/ttyACM0',
      manufacturer: 'Arduino (www.arduino.cc)',
      vendorId: '2341',
      productId: '0043',
      serialNumber: '85736323838351E0E1C1',
      likelyArduino: true,
      label: 'Arduino Uno',
    });
    assert.equal(byPath.get('/dev/ttyUSB0')?.likelyArduino, true);
    assert.equal(byPath.get('/dev/ttyUSB0')?.label, 'Arduino Nano?');
  });

  it('keeps a real non-USB UART (no ids, not an Arduino), USB ports listed first', async () => {
    const ports = await listSysfsPorts(full.root);
    assert.deepEqual(ports.map((port) => port.path), ['/dev/ttyACM0', '/dev/ttyUSB0', '/dev/ttyS0']);
    assert.deepEqual(ports[2], { path: '/dev/ttyS0' });
    const [builtin] = (await listSerialPorts(async () => ports)).filter((port) => port.path === '/dev/ttyS0');
    assert.equal(builtin?.likelyArduino, false);
    assert.equal(builtin?.vendorId, undefined);
  });

  it('skips virtual ttys (no device link) and 8250 placeholders with no UART (type 0)', async () => {
    const paths = (await listSysfsPorts(full.root)).map((port) => port.path);
    for (const skipped of ['/dev/console', '/dev/ptmx', '/dev/tty0', '/dev/ttyS1', '/dev/ttyS31']) {
      assert.ok(!paths.includes(skipped), `${skipped} listed`);
    }
  });

  it('an Uno alone is the one findUno picks', async () => {
    const ports = await listSerialPorts(() => listSysfsPorts(unoOnly.root));
    assert.equal(findUno(ports).path, '/dev/ttyACM0');
  });

  it('no serial hardware: an empty list, and `pinmesh ports` says so', async () => {
    assert.deepEqual(await listSysfsPorts(empty.root), []);
    assert.deepEqual(await listSysfsPorts(bare.root), []);
    const lines: string[] = [];
    // No simulators either: a pinmesh sim --serial of another test running meanwhile would be listed.
    const ports = await runPorts({}, { listPorts: () => listSerialPorts(() => listSysfsPorts(empty.root)), listSimulators: async () => [], print: (line) => lines.push(line) });
    assert.deepEqual(ports, []);
    assert.match(lines[0]!, /^No serial ports found/);
  });

  it('no class/tty at all (sysfs not mounted) is an error, not "no ports"', async () => {
    await assert.rejects(listSysfsPorts(join(tmp, 'nowhere')), /cannot read .*class\/tty \(ENOENT\)/);
  });

  it('falls back to sysfs when udevadm is missing (spawn udevadm ENOENT)', async () => {
    const ports = await listSerialPorts(withFallbackLister(udevadmMissing, () => listSysfsPorts(full.root)));
    assert.deepEqual(ports.map((port) => port.path), ['/dev/ttyACM0', '/dev/ttyS0', '/dev/ttyUSB0']);
    assert.deepEqual(ports.map((port) => port.likelyArduino), [true, false, true]);

    const none = await listSerialPorts(withFallbackLister(udevadmMissing, () => listSysfsPorts(empty.root)));
    assert.deepEqual(none, []);
  });

  it('uses udevadm when it works, without reading sysfs', async () => {
    const ports = await listSerialPorts(
      withFallbackLister(async () => [{ path: '/dev/ttyACM3', vendorId: '2341', productId: '0043' }], () => assert.fail('fallback used')),
    );
    assert.deepEqual(ports.map((port) => port.path), ['/dev/ttyACM3']);
  });

  it('when both fail: one clear error naming both reasons, with the --serial-port advice', async () => {
    await assert.rejects(
      listSerialPorts(withFallbackLister(udevadmMissing, () => listSysfsPorts(join(tmp, 'nowhere')))),
      (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.match(error.message, /^Could not list serial ports \(spawn udevadm ENOENT; cannot read .*class\/tty \(ENOENT\)\)\./);
        assert.match(error.message, /install udevadm, or pass the board's port with --serial-port PATH\.$/);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      },
    );
  });

  it('a lister failure unrelated to udevadm still ends with the --serial-port advice', async () => {
    await assert.rejects(
      listSerialPorts(async () => {
        throw new Error('boom');
      }),
      { name: 'UserError', message: "Could not list serial ports (boom). Pass the board's port with --serial-port PATH." },
    );
  });
});

// The fake tree's relative links must resolve the way the real ones do; guard the helper itself.
describe('fake sysfs helper', () => {
  it('class/tty links resolve into devices/', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'pinmesh-sysfs-'));
    try {
      const sysfs = await FakeSysfs.create(tmp, 'x');
      await addUno(sysfs);
      const device = await realpath(join(sysfs.root, 'class', 'tty', 'ttyACM0', 'device'));
      assert.equal(dirname(device), await realpath(join(sysfs.root, 'devices', usb1, '1-1')));
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
