/**
 * One CSV cell: numbers as they are, text neutralised against formula injection and quoted when
 * needed. A text cell starting with = + - @, a tab or a carriage return is what Excel and LibreOffice
 * would run as a formula (`=cmd|' /C calc'!A0`); it gets an apostrophe in front, so a hostile
 * comment or note cannot run on the machine of whoever opens the file.
 */
export function csvCell(v: string | number): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : '';
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}
