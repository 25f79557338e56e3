import express from 'express';
import { launchChromium } from './test/support/chromium.ts';
const app = express();
const strict = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:";
app.get('/', (_q, r) => { r.setHeader('Content-Security-Policy', strict); r.send('<html><body><script src="/main.js"></script></body></html>'); });
app.get('/main.js', (_q, r) => { r.setHeader('Content-Security-Policy', strict); r.type('js').send("const w = new Worker('/w.js'); w.onmessage = (e) => { document.title = 'W:' + e.data; }; w.onerror = (e) => { document.title = 'ERR:' + e.message; };"); });
app.get('/w.js', (_q, r) => { r.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'"); r.type('js').send("try { postMessage(String(new Function('return 6*7')())); } catch (e) { postMessage('blocked ' + e.message); }"); });
const srv = app.listen(0, async () => {
  const port = (srv.address() as any).port;
  const b = await launchChromium();
  const p = await b.newPage();
  await p.goto(`http://127.0.0.1:${port}/`);
  await p.waitForFunction(() => document.title.length > 0);
  console.log(await p.title(), await b.version());
  await b.close(); srv.close();
});
