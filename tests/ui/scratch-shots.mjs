// Scratch (not committed): screenshots of pages, viewport-sized.
import { chromium } from 'playwright-core';
const [url, ...pages] = process.argv.slice(2);
const base = new URL(url).origin;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage({ viewport: { width: 1100, height: 1000 } });
await p.goto(url);
for (const spec of pages) {
  const [path, name, y] = spec.split('|');
  await p.goto(base + path);
  if (y) await p.evaluate((y) => window.scrollTo(0, Number(y)), y);
  await p.screenshot({ path: `/tmp/shots/${name}.png` });
}
await b.close();
