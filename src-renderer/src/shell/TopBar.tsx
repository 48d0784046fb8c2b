/**
 * The bar above every page: the page's title and summary, the connection status and the theme toggle.
 */
import type { ReactNode } from 'react';
import { ConnectionStatus } from './ConnectionStatus';
import { ThemeToggle } from './ThemeToggle';

export function TopBar({ title, summary }: { title: string; summary: ReactNode }) {
  return (
    <header className="topbar">
      <div className="topbar-heading">
        <h1 className="topbar-title">{title}</h1>
        <p className="topbar-summary">{summary}</p>
      </div>
      <div className="topbar-actions">
        <ConnectionStatus />
        <ThemeToggle />
      </div>
    </header>
  );
}
