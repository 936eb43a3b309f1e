import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { Layout } from '../../services/web/pages/layout.js';
import { LocalSignInPage } from '../../services/web/pages/sign-in.page.js';
import { QUICK_EXIT_HREF } from '../../shared/report/report.html.js';

/** The frame of every web page: the navigation of a session, in both modes. */
describe('web page layout', () => {
  const page = (kind: 'org' | 'local' | null) =>
    render(
      Layout({
        title: 'Scans',
        session: kind ? { kind, csrfToken: 'token-1' } : null,
        children: null,
      }),
    );

  it('offers sign-out to an organisation and to a person at home alike, with the CSRF token', () => {
    for (const kind of ['org', 'local'] as const) {
      const html = page(kind);
      expect(html).toMatch(/<form method="post" action="\/sign-out"[^>]*>/);
      expect(html).toContain('name="_csrf" value="token-1"');
      expect(html).toContain('Sign out');
    }
    expect(page(null)).not.toContain('/sign-out');
  });

  it('sends the quick exit where the report file sends it', () => {
    const html = page('org');
    expect(html).toContain(`href="${QUICK_EXIT_HREF}"`);
    expect(html).toMatch(/<a class="exit-control__button"[^>]*data-quick-exit/);
  });

  it('tells a person at home that they have signed out', () => {
    expect(render(LocalSignInPage({ notice: 'signed-out' }))).toContain('You have signed out');
  });
});
