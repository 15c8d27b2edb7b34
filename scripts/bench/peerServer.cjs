// Starts the pinned yaml-language-server over stdio, as its bin script does, with one change for the benchmark:
// its validation delay. yaml-language-server waits a fixed 200 ms after each change before validating
// (`validationDelayMs` in out/server/src/yamlSettings.js, used by languageserver/handlers/validationHandlers.js);
// no setting changes it. To time the server's own work, as ours is timed with competencyGuides.validate.delay 0,
// this sets it to BENCH_PEER_VALIDATION_DELAY (0 unless given). Plain JavaScript, so the process measured is the
// peer alone, without a TypeScript loader.
const path = require('node:path');

const root = path.join(__dirname, '..', '..', 'node_modules', 'yaml-language-server');
process.env.YAML_LANGUAGE_SERVER_VERSION = require(path.join(root, 'package.json')).version;

const settings = require(path.join(root, 'out', 'server', 'src', 'yamlSettings.js'));
const delay = Number(process.env.BENCH_PEER_VALIDATION_DELAY ?? 0);
const Shipped = settings.SettingsState;
settings.SettingsState = class extends Shipped {
  constructor() {
    super();
    if (this.validationDelayMs !== 200) throw new Error(`yaml-language-server's validation delay is no longer 200 ms (${this.validationDelayMs})`);
    this.validationDelayMs = delay;
  }
};

require(path.join(root, 'out', 'server', 'src', 'server.js'));
