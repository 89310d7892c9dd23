// proxy-from-env ships no types; this is its one export (index.js, v2).
declare module 'proxy-from-env' {
  /** The proxy URL for a URL from *_PROXY / ALL_PROXY and NO_PROXY (either case), or '' for none. */
  export function getProxyForUrl(url: string | URL): string
}
