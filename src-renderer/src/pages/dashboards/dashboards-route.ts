/**
 * Addresses of the Dashboards page: `#/dashboards` (the first dashboard) and `#/dashboards/<id>`.
 */
import { pageHref } from '../../shell/hash-route';

export const DASHBOARDS_PAGE_ID = 'dashboards';

export const dashboardHref = (dashboardId: string) => pageHref(DASHBOARDS_PAGE_ID, dashboardId);
