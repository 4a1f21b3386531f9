// Times as GitHub writes them.

/** ISO 8601 in whole seconds, as GitHub writes times (and expects `since`). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
