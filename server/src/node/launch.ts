import * as path from 'node:path';
import { codeCacheFolder, runWithCodeCache } from './codeCache';

// The entry the editor starts: the language server proper (serverMain.js, from main.ts) compiled through V8's code
// cache when the client names a folder for it with --code-cache=<folder>. Two seconds is past the first check of
// a typical file (about 0.3 s from start) and of the first batch of a workspace being read.
runWithCodeCache(path.join(__dirname, 'serverMain.js'), { folder: codeCacheFolder(process.argv), writeAfterMs: 2000 });
