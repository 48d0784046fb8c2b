/**
 * The console's frame: navigation rail, top bar and the current page, with the connection notices in
 * between. Which page shows comes from the address bar's hash and the page table.
 */
import { type ReactNode, useRef } from 'react';
import { findPage, PAGES } from './pages/page-table';
import { DisconnectedBanner, SignInNotice } from './shell/ConnectionNotices';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { pageHref, useHashPageId } from './shell/hash-route';
import { NavRail } from './shell/NavRail';
import { TopBar } from './shell/TopBar';
import { useConnectionStore } from './stores/connection-store';

export function App() {
  const routeId = useHashPageId();
  const page = findPage(routeId);
  const connection = useConnectionStore((store) => store.state);
  const mainRef = useRef<HTMLElement>(null);

  let content: ReactNode;
  if (connection === 'unauthenticated') {
    content = <SignInNotice />;
  } else if (!page) {
    content = (
      <section className="notice-panel" data-testid="page-not-found">
        <h2>No page “{routeId}” in this version of the console</h2>
        <p>
          The link may come from a newer version. <a href={pageHref(PAGES[0].id)}>Go to {PAGES[0].title}</a>.
        </p>
      </section>
    );
  } else {
    content = (
      <ErrorBoundary scope={`the ${page.title} page`} resetKey={page.id}>
        <page.Component />
      </ErrorBoundary>
    );
  }

  return (
    <div className="shell">
      <button type="button" className="skip-link" onClick={() => mainRef.current?.focus()}>
        Skip to content
      </button>
      <NavRail pages={PAGES} currentId={page?.id} />
      <div className="frame">
        <TopBar title={page?.title ?? 'Page not found'} summary={page?.summary ?? ''} />
        {connection === 'disconnected' && <DisconnectedBanner />}
        <main id="main" className="content" ref={mainRef} tabIndex={-1}>
          {content}
        </main>
      </div>
    </div>
  );
}
