/** Sets INPUT_* variables the way the runner does for the duration of one test. */
export function withInputs(inputs: Record<string, string>): () => void {
  const names = Object.keys(inputs).map((name) => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`);
  Object.entries(inputs).forEach(([name, value]) => {
    process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  });
  return () => names.forEach((n) => delete process.env[n]);
}
