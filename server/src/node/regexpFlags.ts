// The protected-topic patterns are a few large alternations. V8 first runs a new regular expression in its bytecode
// interpreter and compiles it to machine code only once it is hot; for these patterns that first interpreted run
// costs ~70 ms, on the first check of every session. Compiling them to machine code at once costs ~7 ms.
//
// The extension starts the server with the flag on its command line (common/serverProcess.ts). Set here, it changes
// V8 while the process runs, which is only safe before any other thread does work: imported first by the server and
// CLI entry points, and never by a worker.
// node:v8 is loaded only then: loading it costs a few milliseconds of every start.
if (!process.execArgv.includes('--no-regexp-tier-up')) (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--no-regexp-tier-up');
