import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuntimeEnvironment } from '../../server/src/runtime';
import { LspTestClient, realTimer } from '../helpers/lspClient';

const uriOf = (name: string) => `file:///bank/${name}.competency.yaml`;
const QUESTIONS: Record<string, string> = {
  printer: 'Tell me about a time a printer jammed before a board meeting.',
  router: 'Describe how you traced a network outage to its cause.',
  scanner: 'Walk me through the last time you trained someone on new equipment.',
};
const competency = (name: string) =>
  [`competency: ${name}`, `id: ${name}`, 'summary: Keeping things running.', 'questions:', `  - id: ${name}-q`, `    text: ${QUESTIONS[name]}`, '    areas_to_cover: [What they checked]', ''].join('\n');

test('a settings notification that changes nothing re-checks nothing; one that turns a rule off re-checks each file once', async () => {
  const names = Object.keys(QUESTIONS);
  const disk = new Map(names.map((name) => [uriOf(name), competency(name)]));
  let reads = 0;
  const runtime: RuntimeEnvironment = {
    readFile: async (uri) => {
      // Bank files only: config files are looked for too.
      if (disk.has(uri)) reads++;
      return disk.get(uri);
    },
    listBankFiles: async () => [...disk.keys()],
    ruleDocsBase: 'file:///docs/rules',
    timer: realTimer,
  };
  const settings = { lint: { run: 'onSave', rules: {} }, validate: { delay: 0 } };
  const client = new LspTestClient(settings, { runtime });
  try {
    await client.initialize('/bank');
    for (const uri of disk.keys()) await client.diagnostics(uri, (d) => d.some((x) => x.code === 'missing-follow-ups'));
    const readAtStart = reads;

    // As VS Code sends when the server registers for changes, and on any change to any setting. The server asks
    // what the settings are now: the answer must be given before they change below.
    const answered = client.configurationAnswered();
    await client.changeSettings({ ...settings });
    await answered;
    await client.changeSettings({ lint: { run: 'onSave', rules: { 'missing-follow-ups': 'off' } }, validate: { delay: 0 } });
    for (const uri of disk.keys()) await client.diagnostics(uri, (d) => d.length === 0);
    assert.equal(reads - readAtStart, names.length, 'each closed file was read again once, for the change that mattered');
  } finally {
    await client.dispose();
  }
});
