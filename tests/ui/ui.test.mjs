// Browser tests of `vigie ui`: Debian's Chromium, headless, driven by
// playwright-core (no browser download). The server runs the real binary
// (target/debug/vigie, or $VIGIE_BIN) on a fresh practice record, auditing
// an offline root so that results do not depend on this machine.
//
// Screenshots of the main pages go to target/ui-screenshots/ (not committed).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const vigie = process.env.VIGIE_BIN || path.join(repo, 'target', 'debug', 'vigie');
const shots = path.join(repo, 'target', 'ui-screenshots');

const tmp = mkdtempSync(path.join(tmpdir(), 'vigie-ui-'));
const store = path.join(tmp, 'practice.sqlite3');
const root = path.join(tmp, 'root');

let server;
let loginUrl;
let port;
let context;
let page;

/** A plain HTTP request with any headers (Host included), outside the browser. */
function request(method, pathname, headers = {}, body = '') {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: pathname, headers: { Host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function sessionCookie() {
  const cookies = await context.cookies(`http://127.0.0.1:${port}/`);
  const c = cookies.find((c) => c.name === `vigie_session_${port}`);
  assert.ok(c, 'session cookie set');
  return c;
}

async function shot(name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

/** The recorded name of provider A, read through the page. */
async function providerAName() {
  await page.goto(`http://127.0.0.1:${port}/prestataires`);
  return page.locator('#nom-A').inputValue();
}

describe('vigie ui in a real browser', { timeout: 60_000 }, () => {
  before(async () => {
    mkdirSync(shots, { recursive: true });
    // A nearly bare Debian root: an audit with real failures (passwords
    // never expire, no password policy).
    mkdirSync(path.join(root, 'etc'), { recursive: true });
    writeFileSync(path.join(root, 'etc', 'hostname'), 'poste-accueil\n');
    writeFileSync(path.join(root, 'etc', 'os-release'), 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n');
    writeFileSync(path.join(root, 'etc', 'login.defs'), 'PASS_MAX_DAYS 99999\n');
    execFileSync(vigie, [
      'init', '--name', 'Cabinet du Dr Test', '--profession', 'infirmier',
      '--organisation', 'solo', '--store', store,
    ]);
    server = spawn(vigie, ['ui', '--no-open', '--store', store, '--root', root, '--author', 'Dr Test'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    server.stderr.on('data', (d) => (stderr += d));
    loginUrl = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no URL printed; stderr: ${stderr}`)), 10_000);
      server.stdout.on('data', (d) => {
        out += d;
        const line = out.split('\n').find((l) => l.startsWith('http://'));
        if (line) {
          clearTimeout(timer);
          resolve(line.trim());
        }
      });
      server.on('exit', (code) => reject(new Error(`vigie ui exited (${code}): ${stderr}`)));
    });
    const url = new URL(loginUrl);
    assert.equal(url.hostname, '127.0.0.1');
    assert.equal(url.pathname, '/login');
    assert.match(url.searchParams.get('token'), /^[0-9a-f]{64}$/);
    port = Number(url.port);

    context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run',
      ],
      acceptDownloads: true,
      locale: 'fr-FR',
      viewport: { width: 1100, height: 900 },
    });
    context.setDefaultTimeout(10_000);
    page = context.pages()[0] || (await context.newPage());
  });

  after(async () => {
    await context?.close();
    if (server && server.exitCode === null) {
      // Ctrl-C stops it cleanly.
      const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
      server.kill('SIGINT');
      assert.equal(await exited, 0, 'vigie ui stops with status 0 on Ctrl-C');
    }
    rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses a request without the token', async () => {
    const r = await request('GET', '/');
    assert.equal(r.status, 401);
    assert.match(r.text, /Accès refusé/);
    assert.match(r.text, /lang="fr"/);
  });

  it('refuses a wrong token', async () => {
    const r = await request('GET', `/login?token=${'0'.repeat(64)}`);
    assert.equal(r.status, 403);
  });

  it('opens with the token, sets the session cookie and goes to the clean URL', async () => {
    await page.goto(loginUrl);
    assert.equal(page.url(), `http://127.0.0.1:${port}/`);
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    await page.getByRole('heading', { level: 1, name: 'Cabinet du Dr Test' }).waitFor();
    const c = await sessionCookie();
    assert.equal(c.httpOnly, true);
    assert.equal(c.sameSite, 'Strict');
    assert.equal(c.path, '/');
    // Keyboard: the first Tab reaches the skip link.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Aller au contenu');
    await shot('01-tableau-de-bord-vide');
  });

  it('refuses the one-time token a second time', async () => {
    const r = await request('GET', new URL(loginUrl).pathname + new URL(loginUrl).search);
    assert.equal(r.status, 403);
    assert.match(r.text, /déjà utilisé/);
  });

  it('refuses a foreign Host header, even with the session', async () => {
    const c = await sessionCookie();
    const r = await request('GET', '/', { Host: `evil.example:${port}`, Cookie: `${c.name}=${c.value}` });
    assert.equal(r.status, 403);
    assert.match(r.text, /Adresse refusée/);
  });

  it('runs an audit with a progress page and shows the first result', async () => {
    const seen = [];
    const track = (r) => seen.push(new URL(r.url()).pathname);
    page.on('request', track);
    await page.getByRole('button', { name: 'Lancer un audit' }).click();
    await page.waitForURL(/\/audits\/\d+$/);
    page.off('request', track);
    // The POST answers with the progress page, which hands over to the result.
    assert.deepEqual(seen.slice(0, 2), ['/audit', '/audit/progression']);
    await page.getByText("C'est le premier audit enregistré").waitFor();
    await shot('02-audit-resultat');
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.getByRole('heading', { name: 'À faire en priorité' }).waitFor();
    const first = page.locator('article.req.fail').first();
    await first.locator('.fix').waitFor();
    await first.locator('blockquote.memento').waitFor();
    await shot('03-tableau-de-bord');
  });

  it('answers a question, and the answer is kept after a reload', async () => {
    await page.goto(`http://127.0.0.1:${port}/questions/contexte`);
    await page.locator('#wifi_present-no').check();
    await page.getByRole('button', { name: 'Enregistrer le contexte' }).click();
    await page.waitForURL(/\/questions\?contexte=ok$/);
    await shot('04-questions');
    await page.getByRole('link', { name: /Thème 1 —/ }).click();
    const q = page.locator('article[id="q-1.1.1.a"]');
    await q.locator('input[value="yes"]').check();
    await q.getByText(/Ajouter une note/).click();
    await q.locator('input[name="proof"]').fill('classeur rouge, onglet CNIL');
    await q.getByRole('button', { name: /Enregistrer la réponse/ }).click();
    await page.waitForURL(/enregistre=1\.1\.1\.a/);
    await q.getByText('Réponse enregistrée').waitFor();
    await page.reload();
    assert.equal(await q.locator('input[value="yes"]').isChecked(), true);
    assert.equal(await q.locator('input[name="proof"]').inputValue(), 'classeur rouge, onglet CNIL');
    await q.getByText(/Dernière réponse : « oui », par Dr Test le/).waitFor();
    await shot('05-questions-theme-1');
  });

  it('shows what changed since the last audit', async () => {
    await page.goto(`http://127.0.0.1:${port}/audit`);
    await page.getByRole('button', { name: "Lancer l'audit maintenant" }).click();
    await page.waitForURL(/\/audits\/\d+$/);
    const row = page.locator('table tr', { has: page.locator('th', { hasText: /^1\.1\.1\.a$/ }) });
    await row.waitFor();
    assert.match(await row.innerText(), /Inconnu[\s\S]*Conforme/);
    await shot('06-audit-changements');
  });

  it('records provider A and delegates a requirement to it', async () => {
    await page.goto(`http://127.0.0.1:${port}/prestataires`);
    await page.locator('#nom-A').fill('Informatique Santé SARL');
    await page.locator('#contact-A').fill('01 23 45 67 89');
    await page.getByRole('button', { name: /^Enregistrer Prestataire de maintenance/ }).click();
    await page.waitForURL(/ok=prestataire/);
    await page.getByText('Prestataire enregistré.').waitFor();
    // A requirement the memento lets the practice hand over to A.
    const select = page.getByLabel('5.2.2.c', { exact: true });
    await select.selectOption('A');
    await page.getByRole('button', { name: 'Enregistrer les délégations' }).click();
    await page.waitForURL(/ok=delegations/);
    await page.getByText('Délégations enregistrées.').waitFor();
    await page.reload();
    assert.equal(await page.getByLabel('5.2.2.c', { exact: true }).inputValue(), 'A');
    await shot('07-prestataires');
  });

  it('downloads the contract annex (HTML and Markdown)', async () => {
    const card = page.locator('section.card', { has: page.locator('#titre-A') });
    const [html] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('link', { name: 'HTML' }).click(),
    ]);
    assert.equal(html.suggestedFilename(), 'annexe-A.html');
    const text = readFileSync(await html.path(), 'utf8');
    assert.match(text, /Annexe au contrat/);
    assert.match(text, /5\.2\.2\.c/);
    assert.match(text, /Informatique Santé SARL/);
    const [md] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('link', { name: 'Markdown' }).click(),
    ]);
    assert.equal(md.suggestedFilename(), 'annexe-A.md');
    assert.match(readFileSync(await md.path(), 'utf8'), /5\.2\.2\.c/);
  });

  it('opens the report: the same HTML as `vigie report`', async () => {
    await page.goto(`http://127.0.0.1:${port}/rapport`);
    const [report] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('link', { name: /^Ouvrir le rapport/ }).click(),
    ]);
    await report.waitForLoadState();
    await report.getByRole('heading', { name: "Rapport d'audit de sécurité informatique" }).waitFor();
    const served = await (await report.request.get(`http://127.0.0.1:${port}/rapport/voir`)).text();
    // Exit status 1: some requirements fail.
    const cli = spawnSync(vigie, ['report', '--format', 'html', '--store', store], { encoding: 'utf8' });
    assert.equal(cli.status, 1, cli.stderr);
    assert.equal(served, cli.stdout);
    await report.screenshot({ path: path.join(shots, '08-rapport.png') });
    await report.close();
  });

  it('refuses a cross-site POST, even with the session', async () => {
    const c = await sessionCookie();
    const body = 'name=Evil';
    const r = await request('POST', '/prestataires/A', {
      Cookie: `${c.name}=${c.value}`,
      Origin: 'https://evil.example',
      'Content-Type': 'application/x-www-form-urlencoded',
      'Content-Length': Buffer.byteLength(body),
    }, body);
    assert.equal(r.status, 403);
    assert.match(r.text, /ne vient pas de Vigie/);
    // And from a real page of another site, in the same browser.
    await page.route('https://evil.example/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<form method="post" action="http://127.0.0.1:${port}/prestataires/A">
                 <input name="name" value="Evil"></form>
               <script>document.forms[0].submit()</script>`,
      }),
    );
    const answered = page.waitForResponse((res) => res.url().startsWith(`http://127.0.0.1:${port}/prestataires/A`), { timeout: 5000 }).catch(() => null);
    await page.goto('https://evil.example/');
    const res = await answered;
    if (res) assert.ok([401, 403].includes(res.status()), `refused, got ${res.status()}`);
    assert.equal(await providerAName(), 'Informatique Santé SARL');
  });

  it('refuses a POST without the session', async () => {
    const r = await request('POST', '/audit', { Origin: `http://127.0.0.1:${port}` });
    assert.equal(r.status, 401);
  });

  it('switches to English and back', async () => {
    await page.goto(`http://127.0.0.1:${port}/questions`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForURL(/\/questions$/);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.getByRole('heading', { level: 1, name: 'Questions to the practice' }).waitFor();
    await page.goto(`http://127.0.0.1:${port}/`);
    await shot('09-dashboard-english');
    await page.getByRole('button', { name: 'Français' }).click();
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  });
});
