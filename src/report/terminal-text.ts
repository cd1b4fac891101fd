/**
 * Text that came from outside (a broker, a client, a board) made safe to print on a person's
 * terminal: every control character, the escape that starts a terminal control sequence (colours,
 * cursor moves, a changed window title, a hyperlink) among them, and the Unicode controls that
 * reorder or hide text, are shown as `\xNN` / `\u{NNNN}` instead of acting. Everything else is
 * left as it is.
 */
export function terminalText(text: string): string {
  return text.replace(unsafe, (character) => {
    const code = character.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** C0 and C1 controls and DEL, and the bidirectional and invisible formatting characters. */
const unsafe = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;
