// Reading docker's push output: which failures are worth another attempt, and what to tell people.

/** Failures that say nothing about the image or the credentials: the registry or network hiccuped. */
const TRANSIENT = [
  /blob upload unknown/i,
  /BLOB_UPLOAD_UNKNOWN/,
  /connection reset by peer/i,
  /\bECONNRESET\b/,
  /broken pipe/i,
  /unexpected EOF/i,
  /:\s*EOF\s*$/m,
  /i\/o timeout/i,
  /TLS handshake timeout/i,
  /\bHTTP status: 5\d\d\b/i,
  /\b(?:500 Internal Server Error|502 Bad Gateway|503 Service Unavailable|504 Gateway Timeout)\b/i,
  /\btoomanyrequests\b|\b429 Too Many Requests\b/i,
];

/** Failures another attempt cannot fix; they win over a transient-looking line in the same output. */
const PERMANENT: [RegExp, string][] = [
  [
    /no basic auth credentials|unauthorized|authentication required/i,
    'the registry refused the credentials (not logged in, wrong password or an expired token)',
  ],
  [/denied|insufficient_scope/i, 'access denied: the credentials may not push to this repository'],
  [
    /name unknown|NAME_UNKNOWN|repository .* does not exist/i,
    'the repository does not exist on the registry (ECR does not create repositories on push: create it first)',
  ],
  [
    /cannot be overwritten because the repository is immutable|ImageTagAlreadyExists/i,
    'the tag already exists and the repository does not allow tags to be overwritten',
  ],
  [/manifest invalid|MANIFEST_INVALID/i, 'the registry rejected the manifest as invalid'],
  [
    /server gave HTTP response to HTTPS client/i,
    'the registry speaks plain HTTP: only loopback registries (or ones listed as insecure in dockerd) can be used',
  ],
  [/connection refused|no such host/i, 'the registry could not be reached'],
  [/Cannot connect to the Docker daemon/i, 'no Docker daemon is reachable'],
];

export function isTransientPushError(output: string): boolean {
  if (PERMANENT.some(([pattern]) => pattern.test(output))) return false;
  return TRANSIENT.some((pattern) => pattern.test(output));
}

/** A one-line reason for a failed push, with docker's own last words. */
export function explainPushFailure(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^[0-9a-f]{12}: (Preparing|Waiting|Retrying|Layer already)/.test(line));
  const last = lines.slice(-2).join(' / ') || 'no output';
  const known = PERMANENT.find(([pattern]) => pattern.test(output));
  if (known) return `${known[1]} (docker said: ${last})`;
  if (isTransientPushError(output)) return `a transient registry error (docker said: ${last})`;
  return `docker said: ${last}`;
}

/** The digest `docker push` reports for the pushed tag: `v1: digest: sha256:… size: 528`. */
export function parsePushDigest(output: string): string | undefined {
  return /digest: (sha256:[a-f0-9]{64})/.exec(output)?.[1];
}
