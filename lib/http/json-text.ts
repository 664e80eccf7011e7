/**
 * JSON as we send it: `<`, `>` and `&` written as \u escapes (the same value to any JSON
 * reader), so a value echoed from a URL cannot become markup in anything that reads the body as
 * HTML, and U+2028/U+2029 escaped so the text is also a valid JavaScript literal.
 */
const UNSAFE = /[<>&\u2028\u2029]/g;

export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
