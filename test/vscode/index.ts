// Entry point the extension host loads as `extensionTestsPath`: runs the compiled suites next to this file with
// mocha's TDD interface, under either launcher (test/e2e/hostTests.mjs or test/vscode/runElectron.mjs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000 });
  const suites = path.join(__dirname, 'suite');
  for (const file of fs.readdirSync(suites).filter((name) => name.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(suites, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} test${failures === 1 ? '' : 's'} failed.`));
      else resolve();
    });
  });
}
