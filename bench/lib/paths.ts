import { fileURLToPath } from 'node:url';

/** The package's root directory (bench/lib/ is two levels below). */
export const root = fileURLToPath(new URL('../..', import.meta.url));
export const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
