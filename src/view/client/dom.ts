/** The element with this id; the page is ours, so a missing one is a bug worth failing on. */
export function byId<T extends Element = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as unknown as T;
}

/** A new element with attributes and text. */
export function make<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

const svgNs = 'http://www.w3.org/2000/svg';

export function makeSvg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** What @wokwi/elements' custom elements offer (their bundle is a classic script; these are its properties we set). */
export interface WokwiArduino extends HTMLElement {
  led13: boolean;
  ledPower: boolean;
}
export interface WokwiLed extends HTMLElement {
  value: boolean;
  color: string;
  label: string;
}
export interface WokwiBuzzer extends HTMLElement {
  hasSignal: boolean;
  /** Lit's: settles once the element has drawn what it was last told. */
  readonly updateComplete: Promise<boolean>;
}

declare global {
  interface HTMLElementTagNameMap {
    'wokwi-arduino-uno': WokwiArduino;
    'wokwi-arduino-nano': WokwiArduino;
    'wokwi-arduino-mega': WokwiArduino;
    'wokwi-led': WokwiLed;
    'wokwi-buzzer': WokwiBuzzer;
  }
}
