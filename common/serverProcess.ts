/**
 * Node options the language server runs with, in the editor and in the benchmark alike.
 *
 * - A smaller young generation: parsing a large file makes a lot of short-lived garbage, and V8's default 16 MB
 *   semi-spaces let the process grow by tens of megabytes to hold it. With 4 MB ones the peak of a session on a
 *   1,000-question file fell from 239 MB to 186 MB, and reading a 1,000-file workspace took no longer (1 MB ones
 *   saved no more and collected too often).
 * - A slower-growing old generation: by default V8 lets the heap grow to up to four times what survived the last full
 *   collection before it collects again, and a file opened whole leaves a lot behind for a while. Growing by 40% at
 *   a time, the peak for a 1,000-question file fell from 172 to 106 MB and for a 5,000-question file from 498 to
 *   211 MB; a keystroke in that largest file costs about 4 ms more and reading a 1,000-file workspace about 4% more.
 *   It is no limit: a file that needs more memory still gets it.
 * - Regular expressions compiled to machine code at once (see server/src/node/regexpFlags.ts), given here so the
 *   server need not change V8's flags while it runs.
 */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=4', '--heap-growing-percent=40', '--no-regexp-tier-up'];

/**
 * Environment variables the language server starts with, on top of the editor's.
 *
 * - One malloc arena. glibc gives each thread that allocates an arena of its own (V8's compiler and GC threads,
 *   libuv's and the check workers among them) and each keeps the memory freed in it. With one, a session's peak on a
 *   1,000-question file fell from 114 to 101–106 MB and on a 15-question file from 73 to 67 MB; reading a 1,000-file
 *   workspace took no longer and made fewer page faults. C libraries other than glibc ignore the variable.
 */
export const SERVER_ENVIRONMENT: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '1' };

/** The variables of SERVER_ENVIRONMENT that `inherited` does not set: a value the user chose stays theirs. */
export function serverEnvironment(inherited: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(SERVER_ENVIRONMENT).filter(([name]) => inherited[name] === undefined));
}

/** The whole environment for a server spawned directly (the benchmark, the tests): `inherited` and ours on top. */
export function spawnEnvironment<Env extends Readonly<Record<string, string | undefined>>>(inherited: Env): Env & Record<string, string> {
  return { ...inherited, ...serverEnvironment(inherited) };
}
