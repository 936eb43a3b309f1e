import { describe, expect, it } from 'vitest';
import { PermanentJobError } from '../../shared/errors.js';
import { ChallengeStopError, detectChallenge, isBrowserSolvable } from '../../workers/fetchers/challenge.js';
import { readFixture as sample } from '../support/fixtures.js';

const cloudflareInterstitial = `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper" role="main">
<noscript>Enable JavaScript and cookies to continue</noscript></div>
<script>(function(){window._cf_chl_opt={cvId: '3',cType: 'managed'};var a=document.createElement('script');
a.src='/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=0';document.head.appendChild(a);}());</script>
</body></html>`;

/** A forum page padded to a realistic size, with the given markup inside a post. */
function forumPage(postHtml: string): string {
  const filler = '<p>Ordinary post text about tea and drawing.</p>\n'.repeat(1500);
  return `<!DOCTYPE html><html id="XF" lang="en-US" data-template="thread_view"><head><title>A thread</title></head>
<body><article class="message-body"><div class="bbWrapper">${postHtml}</div></article>${filler}</body></html>`;
}

describe('detectChallenge', () => {
  it('recognises the KiwiFlare sample (html#sssg, HTTP 203) as kiwiflare', () => {
    expect(detectChallenge({ status: 203, body: sample('kiwifarms/kiwiflare_challenge.html') })).toBe(
      'kiwiflare',
    );
  });

  it('recognises KiwiFlare by its root element even when a proxy rewrote the status to 200', () => {
    expect(detectChallenge({ status: 200, body: sample('kiwifarms/kiwiflare_challenge.html') })).toBe(
      'kiwiflare',
    );
  });

  it('recognises the Tartarus successor (html#ttrs) as ttrs', () => {
    const body = `<!DOCTYPE html>\n<html id="ttrs" data-ttrs-challenge="c2FsdA" data-ttrs-difficulty="16"><head></head><body></body></html>`;
    expect(detectChallenge({ status: 203, body })).toBe('ttrs');
  });

  it('recognises the archive.today CAPTCHA sample as captcha', () => {
    expect(detectChallenge({ status: 200, body: sample('archive_today/captcha.html') })).toBe('captcha');
  });

  it("recognises Cloudflare's old CAPTCHA page by its title as captcha", () => {
    const body = `<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body></body></html>`;
    expect(detectChallenge({ status: 403, body })).toBe('captcha');
  });

  it('recognises reCAPTCHA, hCaptcha and Turnstile widgets on a small page as captcha', () => {
    for (const widget of [
      '<div class="g-recaptcha" data-sitekey="x"></div>',
      '<div class="h-captcha" data-sitekey="x"></div>',
      '<div class="cf-turnstile" data-sitekey="x"></div>',
      '<script src="https://www.google.com/recaptcha/api.js" async defer></script>',
    ]) {
      expect(
        detectChallenge({ status: 200, body: `<html><body><form>${widget}</form></body></html>` }),
        widget,
      ).toBe('captcha');
    }
  });

  it("recognises Cloudflare's JavaScript interstitial on a 403/503 as cloudflare", () => {
    expect(detectChallenge({ status: 403, body: cloudflareInterstitial })).toBe('cloudflare');
    expect(detectChallenge({ status: 503, body: cloudflareInterstitial })).toBe('cloudflare');
  });

  it('does not call a 200 page a Cloudflare challenge because it carries Cloudflare scripts', () => {
    expect(detectChallenge({ status: 200, body: cloudflareInterstitial })).toBeNull();
  });

  it('passes the XenForo thread and search samples as content', () => {
    expect(detectChallenge({ status: 200, body: sample('kiwifarms/thread_page.html') })).toBeNull();
    expect(detectChallenge({ status: 200, body: sample('kiwifarms/search_results.html') })).toBeNull();
  });

  it('passes a post that quotes challenge markup as text (escaped) as content', () => {
    const quoted =
      '&lt;html id="sssg" data-sssg-challenge="x"&gt; and &lt;div class="g-recaptcha" data-sitekey="x"&gt; Please complete the CAPTCHA';
    expect(detectChallenge({ status: 200, body: forumPage(quoted) })).toBeNull();
    expect(detectChallenge({ status: 200, body: `<html><body><p>${quoted}</p></body></html>` })).toBeNull();
  });

  it('passes a full-size page with an incidental CAPTCHA widget (a guest reply box) as content', () => {
    expect(
      detectChallenge({
        status: 200,
        body: forumPage('<form><div class="g-recaptcha" data-sitekey="x"></div></form>'),
      }),
    ).toBeNull();
  });

  it('passes an empty body and plain text as content', () => {
    expect(detectChallenge({ status: 200, body: '' })).toBeNull();
    expect(detectChallenge({ status: 200, body: 'just some paste text' })).toBeNull();
  });
});

describe('isBrowserSolvable', () => {
  it('sends JavaScript challenges to the browser and never a CAPTCHA', () => {
    expect(isBrowserSolvable('kiwiflare')).toBe(true);
    expect(isBrowserSolvable('ttrs')).toBe(true);
    expect(isBrowserSolvable('cloudflare')).toBe(true);
    expect(isBrowserSolvable('captcha')).toBe(false);
  });
});

describe('ChallengeStopError', () => {
  it('is a PermanentJobError, so neither job runner retries it, and keeps our own message', () => {
    const error = new ChallengeStopError(
      'archive',
      'captcha',
      'Archive asks for a CAPTCHA; stopped without retrying',
    );
    expect(error).toBeInstanceOf(PermanentJobError);
    expect(error.name).toBe('ChallengeStopError');
    expect(error.challenge).toBe('captcha');
    expect(error.sourceId).toBe('archive');
  });
});
