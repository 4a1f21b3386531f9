// Hostile text for the property-based suites (issue #15): fast-check arbitraries of strings that try
// to inject workflow commands or hide in the log, secrets and every form of them a server might echo,
// and the run parameters every suite shares (FC_SEED, FC_RUNS).
import fc from 'fast-check';

/**
 * Planted right after every command a hostile string tries to start, so an injected command is told
 * from one the action meant: an action never starts a command's message or property with it.
 */
export const MARK = 'PWNd7q';

/** Fragments that try to start a workflow command, or break or hide the line they are in. */
export const COMMAND_FRAGMENTS: readonly string[] = [
  `::error::${MARK}`,
  `\n::error::${MARK}`,
  `\r\n::warning file=${MARK}.ts,line=1::${MARK}`,
  `\r::notice::${MARK}`,
  `\n::add-mask::${MARK}`,
  `\n::set-output name=${MARK}::1`,
  `\n::set-env name=${MARK}::1`,
  `\n::stop-commands::${MARK}tok`,
  `\n::group::${MARK}`,
  `\n  ::error::${MARK}`,
  `%0A::error::${MARK}`,
  `%0D%0A::error::${MARK}`,
  `%250A::error::${MARK}`,
  `##[error]${MARK}`,
  `##[add-mask]${MARK}`,
  `##[set-output name=${MARK}]1`,
  '::',
  '%25',
  '%0A',
  '%0D',
];

/** Characters that change how a line looks: control, bidirectional overrides, zero-width, escapes. */
export const INVISIBLE_FRAGMENTS: readonly string[] = [
  '\u202E', // right-to-left override
  '\u202D',
  '\u2066', // left-to-right isolate
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200B', // zero width space
  '\u200D',
  '\u2060',
  '\uFEFF',
  '\u001B[31m', // terminal colour escape
  '\u001B]8;;http://127.0.0.1/\u0007', // terminal hyperlink
  '\u0007',
  '\u0008',
  '\u007F',
  '\t',
  '\u0085', // next line
  '\u2028', // line separator
];

const fragment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...COMMAND_FRAGMENTS) },
  { weight: 2, arbitrary: fc.constantFrom(...INVISIBLE_FRAGMENTS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);

/**
 * A short hostile string that always holds at least one command fragment. `noNul`: inputs and
 * environment values cannot carry NUL (the runner could not pass them either).
 */
export function hostileText(options: { noNul?: boolean } = {}): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...COMMAND_FRAGMENTS.slice(0, 16)), fc.array(fragment, { maxLength: 6 }))
    .chain(([command, rest]) => fc.shuffledSubarray([command, ...rest], { minLength: rest.length + 1 }))
    .map((parts) => parts.join(''))
    .map((text) => (options.noNul ? text.replace(/\0/g, '') : text));
}

/** 10–100 kB of hostile text: many command fragments among long runs of ordinary text. */
export function longHostileText(): fc.Arbitrary<string> {
  return fc
    .tuple(hostileText({ noNul: true }), fc.integer({ min: 10_000, max: 100_000 }))
    .map(([text, size]) => {
      const filler = 'lorem ipsum '.repeat(40);
      let out = '';
      while (out.length < size) out += filler + text;
      return out.slice(0, size);
    });
}

/** Hostile text of any size, mostly short (a long one costs every run 10–100 kB of env or body). */
export function anyHostileText(options: { noNul?: boolean } = {}): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: hostileText(options) },
    { weight: 1, arbitrary: longHostileText() },
  );
}

/** Hostile values for any subset of `names` (one input alone, several mixed, or none). */
export function hostileInputs(names: readonly string[]): fc.Arbitrary<Record<string, string>> {
  return fc
    .record(Object.fromEntries(names.map((name) => [name, anyHostileText({ noNul: true })])), {
      requiredKeys: [],
    })
    .map(
      (given) =>
        Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Record<
          string,
          string
        >,
    );
}

/** A secret-looking value: long enough that the runner masks it, random enough not to occur by chance. */
export function secretValue(prefix = 's3cr'): fc.Arbitrary<string> {
  return fc
    .string({
      unit: fc.constantFrom(...'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'),
      minLength: 16,
    })
    .map((tail) => `${prefix}${tail.slice(0, 24)}`);
}

export type SecretForm =
  | 'value'
  | 'url-path'
  | 'url-query'
  | 'url-path-and-query'
  | 'user-info'
  | 'password'
  | 'base64'
  | 'base64url'
  | 'uri-encoded'
  | 'json-escaped'
  | 'bearer'
  | 'basic'
  | 'basic-user-info';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/**
 * Every form in which a secret can travel or be echoed: the value, the parts of a secret URL that
 * identify it (user-info when it has one, else path and query), its encodings, and Authorization
 * header forms. Forms shorter
 * than 8 characters are left out (they occur by chance).
 */
export function secretForms(secret: string): { form: SecretForm; text: string }[] {
  const forms: { form: SecretForm; text: string }[] = [
    { form: 'value', text: secret },
    { form: 'base64', text: b64(secret) },
    { form: 'base64url', text: Buffer.from(secret).toString('base64url') },
    { form: 'uri-encoded', text: encodeURIComponent(secret) },
    { form: 'json-escaped', text: JSON.stringify(secret).slice(1, -1) },
    { form: 'bearer', text: `Bearer ${secret}` },
    { form: 'basic', text: `Basic ${b64(secret)}` },
  ];
  const url = URL.canParse(secret) ? new URL(secret) : undefined;
  if (url && /^https?:$/.test(url.protocol) && url.username) {
    // The credential is the user-info; the rest of such a URL names a public place.
    const userInfo = decodeURIComponent(url.password ? `${url.username}:${url.password}` : url.username);
    forms.push(
      { form: 'user-info', text: userInfo },
      { form: 'password', text: decodeURIComponent(url.password) },
      { form: 'basic-user-info', text: b64(userInfo) },
    );
  } else if (url && /^https?:$/.test(url.protocol)) {
    // A URL that is a secret by itself (a webhook): its path and query identify it.
    forms.push(
      { form: 'url-path', text: url.pathname },
      { form: 'url-query', text: url.search.slice(1) },
      { form: 'url-path-and-query', text: url.pathname + url.search },
    );
  }
  const long = forms.filter((f) => f.text.length >= 8);
  return long.filter((f, i) => long.findIndex((g) => g.text === f.text) === i);
}

/** Which secret a server echoes, in which form, among which hostile text: see renderEcho. */
export interface Echo {
  secret: number;
  form: number;
  before: string;
  after: string;
}

/** An echo of one of the step's secrets (chosen when the secrets are known, as servers pick ports). */
export function echo(): fc.Arbitrary<Echo> {
  return fc.record({ secret: fc.nat(), form: fc.nat(), before: hostileText(), after: hostileText() });
}

/** The text a server answers for `echo`: one form of one of `secrets`, wrapped in hostile text. */
export function renderEcho(chosen: Echo, secrets: string[]): string {
  const secret = secrets[chosen.secret % secrets.length] as string;
  const forms = secretForms(secret);
  const form = forms[chosen.form % forms.length]?.text ?? secret;
  return `${chosen.before} invalid credential: ${form} ${chosen.after}`;
}

/**
 * The two ways a suite runs its properties: a fixed seed (reproducible; FC_SEED overrides it) with
 * FC_RUNS or `defaultRuns` cases, then a quarter as many with a fresh random seed each time (fast-check
 * prints that seed on failure; keep a failing case as an explicit regression example).
 */
export function runParameters(defaultRuns: number): {
  fixed: { numRuns: number; seed: number; interruptAfterTimeLimit: number; markInterruptAsFailure: boolean };
  random: { numRuns: number; interruptAfterTimeLimit: number; markInterruptAsFailure: boolean };
  /** For the CR/LF refusals (every one-line input in each run): a quarter as many, at least one. */
  oneLine: { numRuns: number; seed: number };
} {
  const numRuns = Number(process.env.FC_RUNS) || defaultRuns;
  const seed = process.env.FC_SEED === undefined ? 20_261_202 : Number(process.env.FC_SEED);
  // A failure shrinks through more runs of the action: bound it so the test ends inside its timeout.
  const bounded = { interruptAfterTimeLimit: 80_000, markInterruptAsFailure: true };
  return {
    fixed: { numRuns, seed, ...bounded },
    random: { numRuns: Math.max(1, Math.ceil(numRuns / 4)), ...bounded },
    oneLine: { numRuns: Math.max(1, Math.floor(numRuns / 4)), seed },
  };
}

/** How many cases a suite ran: printed for the closing note of issue #15. */
export function reportCases(action: string, cases: Record<string, number>): void {
  const total = Object.values(cases).reduce((a, b) => a + b, 0);
  const parts = Object.entries(cases).map(([what, n]) => `${what} ${n}`);
  process.stdout.write(`hostile-input cases ${action}: ${total} (${parts.join(', ')})\n`);
}
