import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { defaultConfig } from '../../server/src/core/config';
import { fileKindOf } from '../../server/src/core/fileKind';
import { WorkspaceChecker, checkFile } from '../../server/src/core/workspace/workspaceChecker';
import { CheckPool } from '../../server/src/node/checkPool';

// The bundled worker, as the server and the CLI start it (npm test builds dist/ before these tests).
const WORKER = path.join(__dirname, '..', '..', 'dist', 'checkWorker.js');
const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

function bankFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return bankFiles(full);
    return fileKindOf(entry.name) ? [full] : [];
  });
}

const FILES = bankFiles(EXAMPLES).map((file) => ({ uri: pathToFileURL(file).toString(), text: readFileSync(file, 'utf8') }));

async function checkAll(pool: CheckPool) {
  return Promise.all(FILES.map(({ uri, text }) => pool.check(uri, fileKindOf(uri)!, text, defaultConfig)));
}

describe('checking files on worker threads', () => {
  const temp = mkdtempSync(path.join(tmpdir(), 'check-pool-'));
  after(() => rmSync(temp, { recursive: true, force: true }));

  test('gives exactly what checking in this thread gives, and the index built from it reports the same', async () => {
    assert.ok(FILES.length > 10, 'the examples should give the pool some work');
    const pool = new CheckPool(WORKER, 2);
    const checked = await checkAll(pool);
    await pool.close();
    assert.ok(pool.answered.inWorkers > 0, `no check ran on a worker: ${JSON.stringify(pool.answered)}`);
    const here = FILES.map(({ uri, text }) => checkFile(uri, fileKindOf(uri)!, text, { lint: true, config: defaultConfig }));
    assert.deepEqual(checked, here);

    const adopted = new WorkspaceChecker();
    FILES.forEach(({ uri }, i) => adopted.adopt(uri, checked[i], defaultConfig));
    const updated = new WorkspaceChecker();
    for (const { uri, text } of FILES) updated.update(uri, text, { lint: true, config: defaultConfig });
    for (const { uri } of FILES) assert.deepEqual(adopted.problems(uri), updated.problems(uri), uri);
  });

  test('a worker that dies leaves its jobs to this thread: every check still answers', async () => {
    const dying = path.join(temp, 'dying.js');
    // Takes the first job and exits without answering, as a crashed thread would.
    writeFileSync(dying, "require('node:worker_threads').parentPort.once('message', () => process.exit(3));\n");
    const pool = new CheckPool(dying, 1);
    const checked = await checkAll(pool);
    await pool.close();
    assert.equal(pool.answered.inWorkers, 0);
    assert.equal(checked.length, FILES.length);
    assert.deepEqual(
      checked.map((c) => c.validation.length + c.lint.length),
      FILES.map(({ uri, text }) => {
        const here = checkFile(uri, fileKindOf(uri)!, text, { lint: true, config: defaultConfig });
        return here.validation.length + here.lint.length;
      }),
    );
  });

  test('closing the pool with checks under way still answers them', async () => {
    const pool = new CheckPool(WORKER, 2);
    const pending = checkAll(pool);
    await pool.close();
    assert.equal((await pending).length, FILES.length);
  });
});
