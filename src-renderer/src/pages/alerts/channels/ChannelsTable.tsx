/**
 * One row per notification channel, with its health at a glance — the breaker badge (green closed, red
 * open, amber half-open) and what it means, when it last delivered, its last error and its pending
 * count — and its actions: Send test (the result shows under the row), Edit, Delete (confirmed).
 */
import { Fragment } from 'react';
import type { ChannelInfo } from '../../../../../src-shared/domain/notifications';
import { useBridge } from '../../../bridge-context';
import type { Access } from '../../../stores/alert-access-store';
import { useNotificationChannelsStore } from '../../../stores/notification-channels-store';
import { Badge } from '../../../ui/Card';
import { formatAge, formatDateTime, formatDuration, formatElapsedMs } from '../../../ui/format-units';
import { useNow } from '../../../ui/use-now';
import { InlineConfirm } from '../../settings/InlineConfirm';
import { LoadError } from '../AccessNotices';
import { BREAKER_LABEL, BREAKER_MEANING, BREAKER_TONE, CHANNEL_KIND_SHORT } from '../alert-labels';
import { alertsHref } from '../alerts-route';

export function ChannelsTable({ channels, access }: { channels: readonly ChannelInfo[]; access: Access }) {
  const bridge = useBridge();
  const testing = useNotificationChannelsStore((store) => store.testing);
  const tests = useNotificationChannelsStore((store) => store.tests);
  const confirming = useNotificationChannelsStore((store) => store.confirmingDelete);
  const deleting = useNotificationChannelsStore((store) => store.deleting);
  const deleteError = useNotificationChannelsStore((store) => store.deleteError);
  const now = useNow(5000);
  const store = useNotificationChannelsStore.getState;

  return (
    <div className="table-scroll">
      <table className="data-table channels-table" data-testid="channels-table">
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col">Kind</th>
            <th scope="col">Breaker</th>
            <th scope="col">Last delivery</th>
            <th scope="col">Last error</th>
            <th scope="col" className="right">
              Pending
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {channels.map((channel) => {
            const test = tests[channel.id];
            return (
              <Fragment key={channel.id}>
                <tr
                  data-testid="channel-row"
                  data-channel-id={channel.id}
                  data-breaker={channel.breaker.state}
                  className={`${test ? 'has-detail' : ''} ${channel.enabled ? '' : 'row-disabled'}`}
                >
                  <td>
                    <a href={alertsHref.channel(channel.id)} className="channel-name" data-testid="channel-open">
                      {channel.name}
                    </a>
                    <span className="muted channel-meta">
                      <code>{channel.id}</code> · {channel.target}
                      {channel.secretSet ? ' · secret in keychain' : ''}
                      {channel.enabled ? '' : ' · disabled'}
                    </span>
                  </td>
                  <td>{CHANNEL_KIND_SHORT[channel.kind]}</td>
                  <td>
                    <Badge
                      tone={BREAKER_TONE[channel.breaker.state]}
                      value={channel.breaker.state}
                      testId="channel-breaker"
                      title={`${BREAKER_LABEL[channel.breaker.state]}: ${BREAKER_MEANING[channel.breaker.state]}`}
                    >
                      {BREAKER_LABEL[channel.breaker.state]}
                    </Badge>
                    {channel.breaker.state === 'open' && channel.breaker.retryInMs > 0 && (
                      <span className="muted breaker-retry"> probe in {formatDuration(channel.breaker.retryInMs / 1000)}</span>
                    )}
                  </td>
                  <td className="nowrap num" data-testid="channel-last-delivery">
                    {channel.lastDeliveredAt ? (
                      <time dateTime={channel.lastDeliveredAt} title={formatDateTime(channel.lastDeliveredAt)}>
                        {formatAge(Date.parse(channel.lastDeliveredAt), now)}
                      </time>
                    ) : (
                      <span className="muted">never</span>
                    )}
                  </td>
                  <td className="wrap" data-testid="channel-last-error">
                    {channel.lastError ? (
                      <span className="text-error" title={formatDateTime(channel.lastError.at)}>
                        {channel.lastError.message} <span className="muted">({formatAge(Date.parse(channel.lastError.at), now)})</span>
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="right num" data-testid="channel-pending">
                    {channel.pending}
                  </td>
                  <td className="nowrap">
                    <div className="button-row compact">
                      <button
                        type="button"
                        className="button small"
                        onClick={() => void store().test(bridge, channel.id)}
                        disabled={!access.allowed || testing === channel.id}
                        aria-busy={testing === channel.id}
                        title={access.reason ?? 'Send a synthetic notification through this channel now'}
                        data-testid="channel-test"
                      >
                        {testing === channel.id ? 'Sending…' : 'Send test'}
                      </button>
                      <a className="button small" href={alertsHref.channel(channel.id)} data-testid="channel-edit">
                        Edit
                      </a>
                      {confirming !== channel.id && (
                        <button
                          type="button"
                          className="button small danger"
                          onClick={() => store().askDelete(channel.id)}
                          disabled={!access.allowed}
                          title={access.reason ?? undefined}
                          data-testid="channel-delete"
                        >
                          Delete
                        </button>
                      )}
                    </div>
                    {confirming === channel.id && (
                      <InlineConfirm
                        confirmLabel="Delete channel"
                        busyLabel="Deleting…"
                        busy={deleting === channel.id}
                        onConfirm={() => void store().remove(bridge, channel.id)}
                        onCancel={() => store().askDelete(null)}
                        testId="channel-delete-confirm"
                      >
                        Its secret leaves the keychain and{' '}
                        {channel.pending > 0
                          ? `its ${channel.pending} pending notifications are skipped`
                          : 'routes naming it stop reaching anyone'}
                        .
                      </InlineConfirm>
                    )}
                    {deleteError?.id === channel.id && <LoadError error={deleteError.error} testId="channel-delete-error" stale={false} />}
                  </td>
                </tr>
                {test && (
                  <tr className="detail-row" data-testid="channel-test-row" data-channel-id={channel.id}>
                    <td colSpan={7}>
                      {'answer' in test ? (
                        <p
                          className={test.answer.ok ? 'test-result ok' : 'test-result failed'}
                          role="status"
                          data-testid="channel-test-result"
                          data-ok={test.answer.ok}
                        >
                          {test.answer.ok ? (
                            <>
                              <strong>Test delivered</strong> in {formatElapsedMs(test.answer.durationMs)} (delivery #
                              {test.answer.deliveryId}).
                            </>
                          ) : (
                            <>
                              <strong>Test failed</strong> after {formatElapsedMs(test.answer.durationMs)}: {test.answer.error}
                            </>
                          )}
                        </p>
                      ) : (
                        <LoadError error={test.error} testId="channel-test-error" stale={false} />
                      )}
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
