/** The README's configuration table must name every variable the code reads, so it cannot drift. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCRAPE_TARGETS, HISTORY_SOURCES } from './sources/registry';
import { THRESHOLD_DOCS } from './analytics/thresholds';
import { CLOCK_VARIABLE } from './clock';

const readme = fs.readFileSync(path.join(process.cwd(), 'README.md'), 'utf8');
const envFile = fs.readFileSync(path.join(process.cwd(), 'lib', 'env.ts'), 'utf8');

describe('README', () => {
  it('documents every base URL and API key variable of every source', () => {
    const variables = new Set<string>();
    for (const source of [...SCRAPE_TARGETS, ...HISTORY_SOURCES]) {
      variables.add(source.baseUrlVariable);
      if (source.apiKey) variables.add(source.apiKey.variable);
    }
    for (const variable of variables) expect(readme, variable).toContain(`\`${variable}\``);
  });

  it('documents every variable of the environment schema', () => {
    const names = [...envFile.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(4);
    for (const name of names) expect(readme, name).toContain(`\`${name}\``);
  });

  it('documents the clock variables the demo and test servers read (lib/clock.ts)', () => {
    for (const name of [CLOCK_VARIABLE, 'RENTABLE_REPLAY']) expect(readme, name).toContain(`\`${name}\``);
  });

  it('documents every analytics threshold variable', () => {
    for (const doc of Object.values(THRESHOLD_DOCS)) expect(readme, doc.env).toContain(`\`${doc.env}\``);
  });

  it('shows the two commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});
