/**
 * `system.health`: overall status, database reachability and schema version, uptime and the runtime
 * versions the engine carries. Refreshed by the page every 10 s and on demand.
 */
import { RefreshIcon } from '../../shell/icons';
import { useSystemStore } from '../../stores/system-store';
import { Badge, Card, InlineError, KeyValueList, Pending, Stat } from '../../ui/Card';
import { formatAge, formatClock, formatDuration } from '../../ui/format-units';
import { useNow } from '../../ui/use-now';

export const HEALTH_REFRESH_MS = 10_000;

export function HealthCard({ onRefresh }: { onRefresh(): void }) {
  const { data, error, loading, updatedAt } = useSystemStore((store) => store.health);
  const now = useNow(1000);
  // Between checks the uptime keeps counting, unless the engine stopped answering.
  const uptimeSeconds = data ? data.uptimeSeconds + (error || updatedAt === null ? 0 : Math.max(0, now - updatedAt) / 1000) : 0;

  const actions = (
    <>
      {data && !error && (
        <Badge tone={data.status === 'ok' ? 'ok' : 'warning'} testId="health-status" title={`system.health status: ${data.status}`}>
          {data.status}
        </Badge>
      )}
      {error && (
        <Badge tone="error" testId="health-status" title={`The last health check failed (${error.code}); the status is unknown.`}>
          unknown
        </Badge>
      )}
      <button
        type="button"
        className="button small"
        onClick={onRefresh}
        disabled={loading}
        aria-busy={loading}
        data-testid="health-refresh"
      >
        <RefreshIcon />
        {loading ? 'Refreshing…' : 'Refresh'}
      </button>
    </>
  );

  const footer = (
    <span data-testid="health-checked">
      {data ? (
        <>
          {error ? 'Last good check' : 'Checked'} <time dateTime={data.checkedAt}>{formatClock(data.checkedAt)}</time>
          {updatedAt !== null && <> ({formatAge(updatedAt, now)})</>}
        </>
      ) : (
        'Not checked yet'
      )}{' '}
      · refreshes every {HEALTH_REFRESH_MS / 1000} s
    </span>
  );

  return (
    <Card id="health-card" title="Health" actions={actions} footer={footer}>
      {error && <InlineError error={error} testId="health-error" stale={data !== null} />}
      {!data && !error && <Pending>Asking the engine for system.health…</Pending>}
      {data && (
        <>
          <div className="stats">
            <Stat
              label="Database"
              value={
                <span className={data.database.reachable ? 'text-ok' : 'text-error'} data-testid="health-db-reachable">
                  {data.database.reachable ? 'reachable' : 'unreachable'}
                </span>
              }
              detail={data.database.error ?? 'SQLite answers queries'}
            />
            <Stat
              label="Schema version"
              value={<span data-testid="health-schema-version">{data.database.schemaVersion}</span>}
              detail={
                data.database.schemaVersion === data.database.latestSchemaVersion ? (
                  <span data-testid="health-schema-latest">latest is {data.database.latestSchemaVersion}: current</span>
                ) : (
                  <span className="text-warning" data-testid="health-schema-latest">
                    behind: latest is {data.database.latestSchemaVersion}
                  </span>
                )
              }
            />
            <Stat label="Uptime" value={formatDuration(uptimeSeconds)} detail="since the engine started" testId="health-uptime" />
          </div>
          <h3 className="section-title">Versions</h3>
          <KeyValueList
            rows={[
              { key: 'app', label: 'Console', value: data.versions.app, testId: 'health-app-version', mono: true },
              { key: 'node', label: 'Node.js', value: data.versions.node, testId: 'health-node-version', mono: true },
              {
                key: 'electron',
                label: 'Electron',
                value: data.versions.electron ?? <span title="Not running inside Electron (headless face)">—</span>,
                testId: 'health-electron-version',
                mono: true,
              },
              { key: 'sqlite', label: 'SQLite', value: data.versions.sqlite, testId: 'health-sqlite-version', mono: true },
            ]}
          />
        </>
      )}
    </Card>
  );
}
