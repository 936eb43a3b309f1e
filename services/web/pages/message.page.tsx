import type { ComponentChildren } from 'preact';
import { Layout, type PageSession } from './layout.js';

interface MessagePageProps {
  title: string;
  session: PageSession | null;
  children: ComponentChildren;
}

/** A page that only says something: not found, refused, something went wrong. */
export function MessagePage({ title, session, children }: MessagePageProps) {
  return (
    <Layout title={title} session={session}>
      <div class="narrow">
        <h1>{title}</h1>
        {children}
      </div>
    </Layout>
  );
}

export function NotFoundPage({ session }: { session: PageSession | null }) {
  return (
    <MessagePage title="Page not found" session={session}>
      <p>
        There is nothing here. If you followed a link to a scan, it may have been deleted, or it may have
        expired.
      </p>
      <p>
        <a href={session ? '/scans' : '/'}>Go to the list of scans</a>
      </p>
    </MessagePage>
  );
}

export function RefusedPage({ session }: { session: PageSession | null }) {
  return (
    <MessagePage title="This form could not be accepted" session={session}>
      <p>
        Nothing was changed. The form may have been open for a long time, or it did not come from these pages.
        Please go back, reload the page and try again.
      </p>
      <p>
        <a href={session ? '/scans' : '/'}>Go to the list of scans</a>
      </p>
    </MessagePage>
  );
}

export function ErrorPage({ session, busy }: { session: PageSession | null; busy?: boolean }) {
  return (
    <MessagePage title={busy ? 'Please slow down' : 'Something went wrong'} session={session}>
      <p>
        {busy
          ? 'There were many requests in a short time. Please wait a minute, then try again.'
          : 'This did not work, and it is not something you did. Please try again in a moment.'}
      </p>
      <p>
        <a href={session ? '/scans' : '/'}>Go to the list of scans</a>
      </p>
    </MessagePage>
  );
}
