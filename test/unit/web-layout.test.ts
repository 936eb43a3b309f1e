import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { Layout } from '../../services/web/pages/layout.js';
import { LocalSignInPage } from '../../services/web/pages/sign-in.page.js';

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

  it('tells a person at home that they have signed out', () => {
    expect(render(LocalSignInPage({ notice: 'signed-out' }))).toContain('You have signed out');
  });
});
