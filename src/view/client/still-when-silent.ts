import type { WokwiBuzzer } from './dom.js';

/**
 * @wokwi/elements' buzzer always draws its music note, hidden while silent (`visibility: hidden`),
 * and animates it forever: one silent buzzer kept the page restyling every frame, about 6 % of a
 * core in headless chromium on a 2-core machine (1.2 against 0.6 s of CPU in 10 s, the page otherwise
 * still). This rule, added to the buzzer's own styles, holds the note still while it is hidden; it
 * moves again as the piezo sounds.
 */
const rule = '.music-note[style*="hidden"] { animation-play-state: paused; }';

let sheet: CSSStyleSheet | undefined;

/** Holds `buzzer`'s note still while it is silent (once the element has drawn itself). */
export function stillWhenSilent(buzzer: WokwiBuzzer): void {
  void customElements
    .whenDefined('wokwi-buzzer')
    .then(() => buzzer.updateComplete)
    .then(() => {
      const root = buzzer.shadowRoot;
      if (!root) return;
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(rule);
      }
      if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    });
}
