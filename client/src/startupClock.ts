import type { Uri } from 'vscode';

/** How long the extension took to be useful: from activation to the server's readiness and its first diagnostics. */
export interface StartupTimings {
  /** Activation to the language server's answer to `initialize`. */
  serverReadyMs: number;
  /** Activation to the first diagnostics the server sent for a bank file. */
  firstDiagnosticsMs: number;
  firstDiagnosticsUri: string;
}

/**
 * Times start-up from inside the extension, as a person waits for it: the figures go to the Competency Guides
 * output and to the extension's API (the tests in a real VS Code print them).
 */
export class StartupClock {
  private readonly started = performance.now();
  private serverReady: number | undefined;
  private first: { at: number; uri: string } | undefined;
  private resolve!: (timings: StartupTimings) => void;
  readonly timings = new Promise<StartupTimings>((resolve) => (this.resolve = resolve));

  constructor(private readonly log: (line: string) => void) {}

  serverStarted(): void {
    this.serverReady ??= performance.now() - this.started;
    this.settle();
  }

  diagnosticsArrived(uri: Uri): void {
    if (this.first) return;
    this.first = { at: performance.now() - this.started, uri: uri.toString() };
    this.settle();
  }

  private settle(): void {
    if (this.serverReady === undefined || !this.first) return;
    const timings = { serverReadyMs: Math.round(this.serverReady), firstDiagnosticsMs: Math.round(this.first.at), firstDiagnosticsUri: this.first.uri };
    this.log(`Started: server ready ${timings.serverReadyMs} ms and first diagnostics ${timings.firstDiagnosticsMs} ms after activation (${timings.firstDiagnosticsUri}).`);
    this.resolve(timings);
  }
}
