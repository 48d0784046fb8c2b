/**
 * Shown when the OS keychain does not answer: what is missing and how to fix it (the engine's own
 * sentence), and why nothing can be set — secrets are never written to disk in its place.
 */
import { AlertIcon } from '../../../shell/icons';

export function KeychainBanner({ problem }: { problem: string | null }) {
  return (
    <div className="keychain-banner" role="alert" data-testid="keychain-banner">
      <AlertIcon />
      <div>
        <p className="keychain-banner-title">The OS keychain is not available, so credentials cannot be set or deleted here.</p>
        <p data-testid="keychain-problem">{problem ?? 'The Secret Service did not answer.'}</p>
        <p className="muted">
          The console never falls back to storing secrets in a file. Values supplied through environment variables still work.
        </p>
      </div>
    </div>
  );
}
