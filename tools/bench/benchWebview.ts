// `npm run bench:webview`: the attention views in headless Chromium at T = 128 and 512 (12 × 12
// heads), time to first paint of each view, hover frame time, JS heap, and the BERT tab's positions' first paint; the last line is JSON.
// The benchmark itself lives beside the webview tests' launcher and harness (test/webview/support),
// whose project has the DOM and Node types; it is loaded by path so that the tools project does not
// compile test code.
const module = (await import(new URL('../../test/webview/support/webviewBench.ts', import.meta.url).href)) as { runWebviewBench(): Promise<void> };
await module.runWebviewBench();
