/**
 * Where the headless face and the CLI keep their data when no --data-dir is given (the desktop face
 * uses Electron's userData folder instead).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.NOVEL_CONSOLE_DATA_DIR) return env.NOVEL_CONSOLE_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'novel-console');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'novel-console');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'novel-console');
}
