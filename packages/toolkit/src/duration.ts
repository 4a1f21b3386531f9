// Durations as people write them (90s, 5m, 1h30m) to milliseconds and back.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;

/** Parses `90s`, `10m`, `1h30m`, `1h 30m`, `500ms`, `1.5h` into milliseconds; throws on anything else. */
export function parseDuration(text: string): number {
  const compact = text.trim().toLowerCase().replace(/\s+/g, '');
  if (compact === '') throw new Error('is empty');
  if (/^\d+(\.\d+)?$/.test(compact)) throw new Error(`"${text}" has no unit`);
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = PART.exec(compact); match; match = PART.exec(compact)) {
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
    consumed = PART.lastIndex;
  }
  if (consumed !== compact.length) throw new Error(`"${text}" is not a duration`);
  return Math.round(total);
}

/** Formats milliseconds for people: `850ms`, `12.3s`, `4m 05s`, `1h 30m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 1_000) return `${sign}${Math.round(abs)}ms`;
  if (abs < 60_000) return `${sign}${(abs / 1_000).toFixed(1).replace(/\.0$/, '')}s`;
  const totalSeconds = Math.round(abs / 1_000);
  const hours = Math.floor(totalSeconds / 3_600);
  const minutes = Math.floor((totalSeconds % 3_600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${sign}${hours}h ${String(minutes).padStart(2, '0')}m`;
  return `${sign}${minutes}m ${String(seconds).padStart(2, '0')}s`;
}
