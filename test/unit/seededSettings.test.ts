import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultSettings } from '../../common/settings';
import { seededSettings } from '../../server/src/seededSettings';

const folders = [
  { uri: 'file:///bank', name: 'bank' },
  { uri: 'file:///other/', name: 'other' },
];

test('settings sent with initialize are kept per workspace folder, with or without a trailing slash', () => {
  const seeded = seededSettings(
    {
      folderSettings: [
        { uri: 'file:///bank/', settings: { lint: { run: 'onType', rules: { 'missing-follow-ups': 'off' } } } },
        { uri: 'file:///other', settings: null },
      ],
    },
    folders,
  );
  assert.deepEqual([...seeded.keys()], ['file:///bank', 'file:///other']);
  assert.deepEqual(seeded.get('file:///bank')?.lint, { run: 'onType', rules: { 'missing-follow-ups': 'off' } });
  assert.deepEqual(seeded.get('file:///other'), defaultSettings);
});

test('malformed options and folders the workspace does not have are left to be asked for', () => {
  for (const options of [undefined, null, 7, 'x', {}, { folderSettings: 'x' }, { folderSettings: {} }]) {
    assert.equal(seededSettings(options, folders).size, 0, JSON.stringify(options));
  }
  const seeded = seededSettings({ folderSettings: [null, 3, { uri: 5 }, { settings: {} }, { uri: 'file:///elsewhere', settings: {} }, { uri: 'file:///bank', settings: 'x' }] }, folders);
  assert.deepEqual([...seeded], [['file:///bank', defaultSettings]]);
});
