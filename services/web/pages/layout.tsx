import type { ComponentChildren } from 'preact';
import { QUICK_EXIT_HREF } from '../../../shared/report/report.html.js';
import { CSRF_FIELD } from '../session/csrf.js';

/** What a page knows of the session it is shown in: enough for the navigation and its forms. */
export interface PageSession {
  kind: 'org' | 'local';
  csrfToken: string;
}

export interface LayoutProps {
  title: string;
  session: PageSession | null;
  /** Extra style sheets and scripts from /assets (the report's CSS, a page's script). */
  styles?: string[];
  scripts?: string[];
  children: ComponentChildren;
}

/**
 * Every page's frame: a skip link, the quick-exit control (a plain link without JavaScript, and with it
 * the Escape key too, both replacing this page in the history), the navigation of a signed-in session,
 * one main landmark. Scripts and styles are files under /assets only: the CSP allows nothing inline.
 */
export function Layout({ title, session, styles = [], scripts = [], children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${title} · exposure-scanner`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        {styles.map((href) => (
          <link rel="stylesheet" href={href} key={href} />
        ))}
        <script src="/assets/quick-exit.js" defer />
        {scripts.map((src) => (
          <script src={src} defer key={src} />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to main content
        </a>
        <header class="site-header">
          <div class="site-header__inner">
            <p class="site-name">
              <a href={session ? '/scans' : '/'}>exposure-scanner</a>
            </p>
            <div class="exit-control">
              <a class="exit-control__button" href={QUICK_EXIT_HREF} rel="noreferrer" data-quick-exit>
                Leave this site quickly
              </a>
              <span class="exit-control__hint">or press Esc</span>
            </div>
          </div>
          {session && <MainNavigation session={session} />}
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <p>
            What you enter stays here: only handles, and names you mark as used publicly, are typed into the
            places searched. What is kept is encrypted, and deleted after the retention period or when you
            delete it.
          </p>
        </footer>
      </body>
    </html>
  );
}

function MainNavigation({ session }: { session: PageSession }) {
  return (
    <nav class="main-nav" aria-label="Main">
      <ul>
        <li>
          <a href="/scans">Scans</a>
        </li>
        <li>
          <a href="/scans/new">New scan</a>
        </li>
        {/* Local mode too: on a shared computer, signing out leaves nothing open behind the person. */}
        <li>
          <form method="post" action="/sign-out" class="inline-form">
            <CsrfField token={session.csrfToken} />
            <button type="submit" class="link-button">
              Sign out
            </button>
          </form>
        </li>
      </ul>
    </nav>
  );
}

/** The hidden field that proves a form came from a page of this session. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}
