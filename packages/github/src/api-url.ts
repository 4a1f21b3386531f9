// Which API URLs may receive a token: https anywhere, plain http only on loopback.
const LOOPBACK_NAMES = new Set(['localhost', '[::1]']);

export const DEFAULT_API_URL = 'https://api.github.com';

/**
 * Why an API URL must not receive the token, or undefined when it may: https anywhere, plain http
 * only on loopback (127.0.0.0/8, ::1, localhost), where a local stand-in listens and nothing
 * crosses a network in clear.
 */
export function apiUrlProblem(apiUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    return 'is not a URL';
  }
  if (url.username || url.password) return 'carries credentials; the token comes from GITHUB_TOKEN';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol !== 'http:') return `is ${url.protocol} and not https`;
  const host = url.hostname.toLowerCase();
  if (LOOPBACK_NAMES.has(host) || /^127(\.\d{1,3}){3}$/.test(host)) return undefined;
  return `is plain http to ${host}, which would send the token in clear: use https (http is allowed only on loopback: 127.0.0.0/8, ::1, localhost)`;
}
