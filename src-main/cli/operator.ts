/**
 * Who a CLI command acts as: the local operator `cli:<os user>` with the admin role — whoever can run the
 * CLI on the data dir can read the database anyway — going through the same channels, RBAC and audit log
 * as every other face, so the trail names the terminal's user.
 */
import { userInfo } from 'node:os';
import { type Identity, identityForRole } from '../../src-shared/rbac';

export function cliOperator(): Identity {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    name = process.env.USER ?? process.env.LOGNAME ?? 'unknown';
  }
  return identityForRole(`cli:${name}`, 'admin');
}
