/**
 * JSON as influxd writes it, read without losing digits: an integer literal beyond ±2^53 (an
 * int64 field value; a float64 Go prints without exponent, such as 1e20) comes out as its decimal
 * text, where JSON.parse would round it. Callers that want a float turn the text into a number.
 */

/** JSON.parse, but integer literals outside ±2^53 become strings of their digits. */
export function parseJsonExact(text: string): unknown {
  // Most answers have no long number: skip the copy.
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  let out = '';
  let from = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < n && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92 /* \ */) i++;
      i++;
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < n && isNumberChar(text.charCodeAt(j))) j++;
      const token = text.slice(i, j);
      if (j - i >= 16 && /^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(from, i)}"${token}"`;
        from = j;
      }
      i = j;
    } else {
      i++;
    }
  }
  return JSON.parse(out + text.slice(from));
}

function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}
