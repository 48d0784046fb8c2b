/**
 * `system.info`: which face is running, where its data lives, the process, and what the contract offers.
 */
import { useSystemStore } from '../../stores/system-store';
import { Badge, Card, InlineError, KeyValueList, Pending } from '../../ui/Card';
import { formatDateTime } from '../../ui/format-units';

export function InfoCard() {
  const { data, error } = useSystemStore((store) => store.info);
  return (
    <Card id="info-card" title="Info" className="card-wide" actions={data && <Badge tone="neutral">{data.face} face</Badge>}>
      {error && <InlineError error={error} testId="info-error" stale={data !== null} />}
      {!data && !error && <Pending>Asking the engine for system.info…</Pending>}
      {data && (
        <div className="info-columns">
          <KeyValueList
            rows={[
              { key: 'face', label: 'Face', value: data.face, testId: 'info-face' },
              { key: 'app', label: 'Application', value: `${data.app.name} ${data.app.version}`, testId: 'info-app' },
              { key: 'data-dir', label: 'Data dir', value: data.dataDir, testId: 'info-data-dir', mono: true },
              { key: 'db', label: 'Database', value: data.databasePath, testId: 'info-database-path', mono: true },
              { key: 'pid', label: 'PID', value: data.pid, testId: 'info-pid', mono: true },
              { key: 'platform', label: 'Platform', value: `${data.platform}/${data.arch}`, testId: 'info-platform', mono: true },
              {
                key: 'started',
                label: 'Started at',
                value: (
                  <time dateTime={data.startedAt} title={data.startedAt}>
                    {formatDateTime(data.startedAt)}
                  </time>
                ),
                testId: 'info-started-at',
              },
            ]}
          />
          <div className="info-lists">
            <NameList title="Channels" names={data.channels} testId="info-channels" />
            <NameList title="Topics" names={data.topics} testId="info-topics" />
          </div>
        </div>
      )}
    </Card>
  );
}

function NameList({ title, names, testId }: { title: string; names: string[]; testId: string }) {
  return (
    <div className="name-list">
      <h3 className="section-title">
        {title} <span className="count">{names.length}</span>
      </h3>
      {names.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <ul className="chips" data-testid={testId}>
          {names.map((name) => (
            <li key={name} className="chip mono">
              {name}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
