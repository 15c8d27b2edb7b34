// The Markdown renderer as a bundle of its own (dist/markdownIt.js): only previews and exports need it, and the
// language server's start-up should not parse it (see scripts/build.mjs).
export { default } from 'markdown-it';
