/**
 * What the console says when it cannot talk to the engine: a sign-in panel when it has no valid token,
 * a banner while the engine is unreachable (the last values received stay on screen beneath it).
 */
import { AlertIcon, KeyIcon } from './icons';

export function SignInNotice() {
  return (
    <section className="notice-panel" data-testid="unauthenticated-message" aria-labelledby="sign-in-title">
      <div className="notice-panel-title">
        <KeyIcon />
        <h2 id="sign-in-title">Sign in with the login URL</h2>
      </div>
      <p>
        This console has no valid access token, so the engine refuses its requests. Open the login URL that{' '}
        <code className="nowrap">novel-console serve</code> printed in its terminal; it looks like{' '}
        <code className="nowrap">http://127.0.0.1:PORT/?token=…</code>.
      </p>
      <p className="muted">
        Each start of the server prints a new URL, and a URL from an earlier start no longer works. The token is kept for this browser tab
        only and is removed from the address bar.
      </p>
    </section>
  );
}

export function DisconnectedBanner() {
  return (
    <div className="banner banner-warning" role="alert" data-testid="disconnected-banner">
      <AlertIcon />
      <p>
        <strong>Lost contact with the engine.</strong> Showing the last values received; retrying every 3 s. If the server was stopped,
        start <code className="nowrap">novel-console serve</code> again and open the login URL it prints.
      </p>
    </div>
  );
}
