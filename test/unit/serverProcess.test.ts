import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SERVER_ENVIRONMENT, serverEnvironment, spawnEnvironment } from '../../common/serverProcess';

test('the server gets one malloc arena on top of the environment it inherits', () => {
  assert.deepEqual(SERVER_ENVIRONMENT, { MALLOC_ARENA_MAX: '1' });
  assert.deepEqual(serverEnvironment({ PATH: '/usr/bin' }), { MALLOC_ARENA_MAX: '1' });
});

test('a variable the user set already is left as it is, even to an empty value', () => {
  assert.deepEqual(serverEnvironment({ MALLOC_ARENA_MAX: '4' }), {});
  assert.deepEqual(serverEnvironment({ MALLOC_ARENA_MAX: '' }), {});
});

test('a server spawned directly gets the whole inherited environment with ours on top', () => {
  assert.deepEqual(spawnEnvironment({ PATH: '/usr/bin' }), { PATH: '/usr/bin', MALLOC_ARENA_MAX: '1' });
  assert.deepEqual(spawnEnvironment({ PATH: '/usr/bin', MALLOC_ARENA_MAX: '2' }), { PATH: '/usr/bin', MALLOC_ARENA_MAX: '2' });
});
