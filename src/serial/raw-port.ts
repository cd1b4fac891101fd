/** What serialport's list() reports per port (only the fields pinmesh uses); sysfs-ports.ts reports the same. */
export interface RawPortInfo {
  path: string;
  manufacturer?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
  serialNumber?: string | undefined;
}

/** A source of the OS's port list: serialport's list(), the sysfs reader, or a test's mock. */
export type RawPortLister = () => Promise<RawPortInfo[]>;
