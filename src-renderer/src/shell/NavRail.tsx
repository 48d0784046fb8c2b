/**
 * The left navigation rail: product name, one link per page of the page table, and what is running.
 */
import type { PageSpec } from '../pages/page-table';
import { useSystemStore } from '../stores/system-store';
import { pageHref } from './hash-route';
import { ProductMark } from './icons';

interface NavRailProps {
  pages: readonly PageSpec[];
  currentId: string | undefined;
}

export function NavRail({ pages, currentId }: NavRailProps) {
  const info = useSystemStore((store) => store.info.data);
  return (
    <nav className="rail" aria-label="Console pages">
      <div className="rail-inner">
        <div className="rail-brand">
          <ProductMark />
          <span className="rail-brand-name">
            Novel Engine <span className="rail-brand-sub">Console</span>
          </span>
        </div>
        <ul className="rail-links">
          {pages.map(({ id, title, Icon }) => (
            <li key={id}>
              <a
                className="rail-link"
                href={pageHref(id)}
                aria-current={id === currentId ? 'page' : undefined}
                title={title}
                data-testid={`nav-${id}`}
              >
                <span className="rail-link-icon">
                  <Icon />
                </span>
                <span className="rail-link-label">{title}</span>
              </a>
            </li>
          ))}
        </ul>
        {info && (
          <div className="rail-footer" data-testid="rail-footer">
            <span className="rail-footer-face">{info.face}</span>
            <span className="rail-footer-version">v{info.app.version}</span>
          </div>
        )}
      </div>
    </nav>
  );
}
