// Test helper: INPUT_* variables set as the runner sets them, for one test.
/** Sets INPUT_* variables the way the runner does for the duration of one test. */
export function withInputs(inputs: Record<string, string>): () => void {
  const names = Object.entries(inputs).map(([name, value]) => {
    const envName = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
    process.env[envName] = value;
    return envName;
  });
  return () => names.forEach((n) => delete process.env[n]);
}
