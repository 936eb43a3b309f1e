import { CsrfField, Layout } from './layout.js';
import { ErrorSummary, TextField } from './fields.js';

export type SignInNotice = 'signed-out' | 'ended' | null;

export interface SignInPageProps {
  /** The pre-session token of the sign-in form (a cookie holds its twin). */
  formToken: string;
  error?: string | undefined;
  notice: SignInNotice;
}

const NOTICES: Record<Exclude<SignInNotice, null>, string> = {
  'signed-out': 'You have signed out.',
  ended: 'Your session ended, so you were signed out to keep things private. Please sign in again.',
};

/** Service mode's way in: an organisation's API key. The key is never put back into the form. */
export function SignInPage({ formToken, error, notice }: SignInPageProps) {
  return (
    <Layout title={error ? 'Problem: sign in' : 'Sign in'} session={null}>
      <div class="narrow">
        <h1>Sign in</h1>
        {notice && (
          <p class="notice" role="status">
            {NOTICES[notice]}
          </p>
        )}
        <ErrorSummary errors={error ? { apiKey: error } : {}} labels={{ apiKey: 'API key' }} />
        <p>Sign in with your organisation's API key to see your organisation's scans and start new ones.</p>
        <form method="post" action="/sign-in" novalidate>
          <CsrfField token={formToken} />
          <TextField
            id="apiKey"
            name="apiKey"
            label="API key"
            type="password"
            value=""
            error={error}
            hint="The key given to your organisation. It is checked, never stored by this page."
            autocomplete="off"
          />
          <button type="submit" class="button">
            Sign in
          </button>
        </form>
      </div>
    </Layout>
  );
}

/** Local mode without a session: the way in is the link the terminal printed. */
export function LocalSignInPage({ notice }: { notice: 'used' | 'ended' | 'signed-out' | null }) {
  return (
    <Layout title="Open exposure-scanner" session={null}>
      <div class="narrow">
        <h1>Open exposure-scanner</h1>
        {notice === 'used' && (
          <p class="notice" role="status">
            That link has already been used or is too old. Each link opens the pages once.
          </p>
        )}
        {notice === 'signed-out' && (
          <p class="notice" role="status">
            You have signed out. Nothing is left open in this browser.
          </p>
        )}
        {notice === 'ended' && (
          <p class="notice" role="status">
            Your session ended, so the pages were closed to keep things private.
          </p>
        )}
        <p>
          These pages open with the link shown in the terminal where you started{' '}
          <code>exposure-scanner ui</code>. To get a new link, press Enter in that terminal.
        </p>
      </div>
    </Layout>
  );
}
