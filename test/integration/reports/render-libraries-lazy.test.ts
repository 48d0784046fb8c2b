/**
 * The export renderers (ECharts, pdfkit, svg-to-pdfkit, resvg, fontkit and the report fonts) cost ~0.7 s to load, which pushed the
 * headless cold start past issue 2's 1 s. They load on the first export only: this runs the built CLI
 * under a module-resolve hook that reports every package it resolves, and checks that starting the CLI
 * resolves none of them while an export does.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, CLI } from '../../fixtures/cli-process';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const RENDERERS = /\/node_modules\/(echarts|pdfkit|svg-to-pdfkit|@resvg\/resvg-js|fontkit)\//;

let dir: string;
let cleanup: () => void;
let register: string;

beforeAll(() => {
  assertBuilt();
  ({ dir, cleanup } = tempDataDir());
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `export async function resolve(specifier, context, next) {
       const result = await next(specifier, context);
       if (${RENDERERS}.test(result.url)) process.stderr.write('RESOLVED ' + result.url + '\\n');
       return result;
     }\n`,
  );
  register = join(dir, 'register.mjs');
  writeFileSync(
    register,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`,
  );
});
afterAll(() => cleanup());

function runWithHook(args: string[]) {
  const result = spawnSync(process.execPath, ['--import', register, ...args], { encoding: 'utf8', timeout: 60_000 });
  const resolved = result.stderr
    .split('\n')
    .filter((line) => line.startsWith('RESOLVED '))
    .map((line) => line.slice('RESOLVED '.length));
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, resolved };
}

describe('export renderers load on the first export, not at start', () => {
  it('are not loaded by starting the CLI', () => {
    const run = runWithHook([CLI, '--version']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(run.resolved).toEqual([]);
  });

  it('are loaded when a dashboard is exported as an image', () => {
    const out = join(dir, 'operational.png');
    const run = runWithHook([
      CLI,
      'export',
      'dashboard',
      'operational',
      '--format',
      'png',
      '--range',
      '1h',
      '--out',
      out,
      '--data-dir',
      join(dir, 'data'),
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.resolved.some((url) => url.includes('/node_modules/echarts/'))).toBe(true);
    expect(run.resolved.some((url) => url.includes('/node_modules/@resvg/resvg-js/'))).toBe(true);
    expect(run.resolved.some((url) => url.includes('/node_modules/fontkit/'))).toBe(true);
  });
});
