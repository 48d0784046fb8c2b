import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createBridge } from './bridge';
import { BridgeProvider } from './bridge-context';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { bindConnectionStore } from './stores/connection-store';
import { syncThemeToDocument } from './stores/theme-store';

// Before the first render, so the page never flashes in the wrong theme.
syncThemeToDocument(document.documentElement);

const bridge = createBridge();
bindConnectionStore(bridge);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary scope="the console">
        <BridgeProvider bridge={bridge}>
          <App />
        </BridgeProvider>
      </ErrorBoundary>
    </StrictMode>,
  );
}
