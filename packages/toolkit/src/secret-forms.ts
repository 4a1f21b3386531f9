// The forms a secret travels in once it leaves the input: servers echo the path of a webhook URL,
// a password inside `user:pw@`, a token after `Bearer `, a value base64-encoded in a Basic header
// or JSON-escaped in a body. Redacting only the value as given lets those through.

/** Derived forms shorter than this are dropped: they would redact ordinary words and numbers. */
const MIN_FORM = 6;
/** Lines of a multi-line secret are registered from this length, as the runner's job secrets are. */
const MIN_LINE = 4;
const AUTH_SCHEME = /^(bearer|token|basic)\s+(\S+)$/i;

const base64 = (bytes: Buffer): string => bytes.toString('base64');
const base64url = (bytes: Buffer): string => bytes.toString('base64url');

/**
 * Every form of a secret to register and redact: the value, its lines, its URI-, JSON- and base64
 * encodings, the credential of an Authorization value, and the secret parts of a URL (user-info,
 * password, path and query, trailing path segments).
 */
export function secretForms(value: string): string[] {
  if (value.trim() === '') return [];
  const trimmed = value.trim();
  const lines = trimmed.split(/\r\n|\r|\n/).map((line) => line.trim());
  const credentials = credentialForms(trimmed);
  const exact = [value, trimmed, ...(lines.length > 1 ? lines : []), ...credentials].filter(
    (form) => form === value || form === trimmed || form.length >= MIN_LINE,
  );
  const derived = [trimmed, ...credentials, ...urlForms(trimmed)].flatMap(encodings);
  return [...new Set([...exact, ...derived.filter((form) => form.length >= MIN_FORM)])];
}

/** The form itself and how encoders write it: URI component, URI, JSON string, base64. */
function encodings(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const forms = [
    text,
    encodeURIComponent(text),
    encodeURI(text),
    JSON.stringify(text).slice(1, -1),
    base64(bytes),
    base64url(bytes).replace(/=+$/, ''),
  ];
  // Inside a longer base64 text (e.g. `Basic base64(user:pw)`) the secret starts at any byte
  // shift; the characters that also depend on the neighbouring bytes are left out.
  for (const shift of [1, 2]) {
    const rest = bytes.subarray(shift);
    const whole = rest.subarray(0, rest.length - (rest.length % 3));
    if (whole.length >= 6) forms.push(base64(whole));
  }
  const whole = bytes.subarray(0, bytes.length - (bytes.length % 3));
  if (whole.length >= 6) forms.push(base64(whole));
  return forms;
}

/** `Bearer x` / `token x` → x; `Basic b64` → b64, the decoded `user:pw` and pw. */
function credentialForms(value: string): string[] {
  const match = AUTH_SCHEME.exec(value);
  if (!match) return [];
  const credential = match[2] as string;
  if (match[1]?.toLowerCase() !== 'basic') return [credential];
  const decoded = Buffer.from(credential, 'base64').toString('utf8');
  if (!/^[^\s:]*:.+$/.test(decoded) || base64(Buffer.from(decoded, 'utf8')) !== credential)
    return [credential];
  return [credential, decoded, decoded.slice(decoded.indexOf(':') + 1)];
}

/**
 * The secret parts of a URL: everything after the scheme, the user-info and password (raw and
 * decoded, and as a Basic credential), the path with and without query, the query, and each run
 * of trailing path segments, since webhook URLs carry their secret at the end of the path.
 */
function urlForms(value: string): string[] {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return [];
  const url = URL.parse(value);
  if (!url) return [];
  const forms = [value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')];
  if (url.password !== '' || url.username !== '') {
    const password = decode(url.password);
    const userInfo = `${decode(url.username)}:${password}`;
    forms.push(`${url.username}:${url.password}`, userInfo, url.password, password);
    forms.push(`Basic ${base64(Buffer.from(userInfo, 'utf8'))}`);
  }
  const rest = `${url.pathname}${url.search}${url.hash}`;
  if (url.pathname !== '/' || url.search !== '') forms.push(rest, `${url.pathname}${url.search}`);
  if (url.search.length > 1) forms.push(url.search, url.search.slice(1));
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  for (let from = 0; from < segments.length; from++) {
    const tail = segments.slice(from).join('/');
    forms.push(tail, `/${tail}`, decode(tail));
  }
  return forms.filter((form) => form.length >= MIN_FORM);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
