/**
 * A collector URL as it may be shown (errors, warnings, the loss report): the
 * scheme, host, port and path, never a secret. Credentials (`user:token@`)
 * become `***@`, every query value `***`, a path segment long enough to be a token
 * (a webhook's key) `***`; the fragment is dropped.
 */
export function redactUrl(url: URL): string {
  const auth = url.username || url.password ? '***@' : '';
  const path = url.pathname
    .split('/')
    .map((segment) => (segment.length >= 20 ? '***' : segment))
    .join('/');
  const query = [...url.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=***`).join('&');
  return `${url.protocol}//${auth}${url.host}${path}${query ? `?${query}` : ''}`;
}

/** Whether `hostname` (as URL.hostname gives it) is this machine. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (/^127(\.\d{1,3}){3}$/.test(host)) return true;
  return host === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host) || /^\[::ffff:127(\.\d{1,3}){3}\]$/.test(host);
}
