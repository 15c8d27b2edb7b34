import { setFlagsFromString } from 'node:v8';

// The protected-topic patterns are a few large alternations. V8 first runs a new regular expression in its bytecode
// interpreter and compiles it to machine code only once it is hot; for these patterns that first interpreted run
// costs ~70 ms, on the first check of every session. Compiling them to machine code at once costs ~7 ms. Imported
// first by the server and CLI entry points, before any pattern runs.
setFlagsFromString('--no-regexp-tier-up');
