import { describe, expect, it } from 'vitest';
import { fetchQueueOf, fetchRoute, type RouteSituation } from '../../workers/fetchers/fetch-route.js';

type Fetch = 'http' | 'browser' | 'auto';

describe('fetchRoute: the one choice between plain HTTP, the browser and the browser queue', () => {
  // [source fetch, situation, route]
  const table: [Fetch, RouteSituation, ReturnType<typeof fetchRoute>][] = [
    ['http', { hasBrowser: true }, 'http'],
    ['http', { hasBrowser: false }, 'http'],
    ['auto', { hasBrowser: true }, 'http'],
    ['auto', { hasBrowser: false }, 'http'],
    ['browser', { hasBrowser: true }, 'browser'],
    ['browser', { hasBrowser: false }, 'browser-queue'],
    // A clearance handed back did not hold: the source stays on the browser, where there is one.
    ['auto', { hasBrowser: true, pinnedToBrowser: true }, 'browser'],
    ['auto', { hasBrowser: false, pinnedToBrowser: true }, 'http'],
    // A JavaScript challenge met over plain HTTP.
    ['auto', { hasBrowser: true, challenge: 'kiwiflare' }, 'browser'],
    ['auto', { hasBrowser: false, challenge: 'cloudflare' }, 'browser-queue'],
    ['http', { hasBrowser: true, challenge: 'ttrs' }, 'stop'],
    ['http', { hasBrowser: false, challenge: 'kiwiflare' }, 'stop'],
    // A CAPTCHA stops the page on every path.
    ['auto', { hasBrowser: true, challenge: 'captcha' }, 'stop'],
    ['browser', { hasBrowser: false, challenge: 'captcha' }, 'stop'],
  ];
  it.each(table)('%s source, %o → %s', (fetch, situation, route) => {
    expect(fetchRoute({ fetch }, situation)).toBe(route);
  });

  it('queues a found page where a worker without a browser would send it', () => {
    expect(fetchQueueOf({ fetch: 'browser' })).toBe('browser');
    expect(fetchQueueOf({ fetch: 'auto' })).toBe('http');
    expect(fetchQueueOf({ fetch: 'http' })).toBe('http');
  });
});
