/**
 * Building blocks of a dashboard card: the card frame with a title row, a key/value list, a status badge
 * and the inline error a card shows when its data could not be fetched.
 */
import type { ReactNode } from 'react';
import { AlertIcon } from '../shell/icons';
import type { ErrorView } from './error-view';

interface CardProps {
  id: string;
  title: string;
  /** Shown right of the title: badges, buttons. */
  actions?: ReactNode;
  footer?: ReactNode;
  className?: string;
  children: ReactNode;
}

export function Card({ id, title, actions, footer, className, children }: CardProps) {
  const titleId = `${id}-title`;
  return (
    <section className={`card ${className ?? ''}`} aria-labelledby={titleId} data-testid={id}>
      <header className="card-header">
        <h2 id={titleId} className="card-title">
          {title}
        </h2>
        {actions && <div className="card-actions">{actions}</div>}
      </header>
      <div className="card-body">{children}</div>
      {footer && <footer className="card-footer">{footer}</footer>}
    </section>
  );
}

export interface KeyValueRow {
  key: string;
  label: ReactNode;
  value: ReactNode;
  testId?: string;
  /** Monospace, wrapped anywhere: paths, ids. */
  mono?: boolean;
}

export function KeyValueList({ rows }: { rows: KeyValueRow[] }) {
  return (
    <dl className="kv">
      {rows.map((row) => (
        <div className="kv-row" key={row.key}>
          <dt>{row.label}</dt>
          <dd className={row.mono ? 'mono' : undefined} data-testid={row.testId}>
            {row.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export type BadgeTone = 'ok' | 'warning' | 'error' | 'neutral' | 'info';

interface BadgeProps {
  tone: BadgeTone;
  children: ReactNode;
  testId?: string;
  title?: string;
  /** The raw value the badge shows (a status), for tests and styling. */
  value?: string;
}

export function Badge({ tone, children, testId, title, value }: BadgeProps) {
  return (
    <span className={`badge badge-${tone}`} data-testid={testId} title={title} data-value={value}>
      {children}
    </span>
  );
}

export function InlineError({ error, testId, stale }: { error: ErrorView; testId: string; stale: boolean }) {
  return (
    <div className="inline-error" role="alert" data-testid={testId}>
      <AlertIcon />
      <div>
        <p>
          <code className="inline-error-code">{error.code}</code> {error.message}
        </p>
        {stale && <p className="muted">The values below are from the last successful refresh.</p>}
      </div>
    </div>
  );
}

/** A placeholder line while the first answer is on its way. */
export function Pending({ children }: { children: ReactNode }) {
  return (
    <p className="pending" aria-busy="true">
      {children}
    </p>
  );
}

interface StatProps {
  label: string;
  value: ReactNode;
  /** A second, smaller line: the unit context or a comparison. */
  detail?: ReactNode;
  testId?: string;
}

/** One headline number of a card. */
export function Stat({ label, value, detail, testId }: StatProps) {
  return (
    <div className="stat">
      <span className="stat-label">{label}</span>
      <span className="stat-value num" data-testid={testId}>
        {value}
      </span>
      {detail && <span className="stat-detail">{detail}</span>}
    </div>
  );
}
