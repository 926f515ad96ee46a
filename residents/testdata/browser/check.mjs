// Loads the residents' page in headless Chromium at 320 and 1280 CSS pixels,
// sends the form, and runs axe-core (WCAG 2.1 A and AA rules) on the form,
// the error page and the thank-you page; then checks the HTML the server sent
// with the Nu Html Checker (vnu.jar, needs java). Run by residents/browser_test.go:
//
//   node check.mjs BASE_URL CODE SCREENSHOT.png
//
// Exits 1 with the findings on stderr when anything fails; prints a JSON
// summary on stdout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [base, code, screenshot] = process.argv.slice(2);
if (!base || !code || !screenshot) {
  console.error('usage: node check.mjs BASE_URL CODE SCREENSHOT.png');
  process.exit(2);
}
const pageURL = `${base}/r/${code}`;
const origin = new URL(base).origin;

const failures = [];
const fail = (msg) => failures.push(msg);
const summary = { axe: [], html: 0, widths: [] };
// The pages' HTML as the server sent it, for the Nu Html Checker (WCAG 4.1.1).
const sources = new Map();

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'involve-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
  viewport: { width: 1280, height: 900 },
});

// Nothing may be loaded from anywhere but the page's own server.
await context.route('**/*', (route) => {
  const u = route.request().url();
  if (u.startsWith(origin + '/')) return route.continue();
  fail(`request to another origin: ${u}`);
  return route.abort();
});

async function axe(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    resultTypes: ['violations'],
  }));
  summary.axe.push({ page: label, violations: result.violations.length, passes: result.passes.length });
  for (const v of result.violations) {
    fail(`${label}: axe ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
  }
}

// noHorizontalScroll checks reflow (WCAG 1.4.10): one column, no sideways scrolling.
async function noHorizontalScroll(page, label) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
  }));
  if (scroll > client) fail(`${label}: scrolls sideways (${scroll} > ${client} px)`);
}

// focusVisible tabs through the page and checks that every stop shows a focus outline.
async function focusVisible(page, label) {
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      return { tag: el.tagName, id: el.id, style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    if (!f) break;
    if (f.style === 'none' || f.width < 2) fail(`${label}: focus not visible on ${f.tag}#${f.id} (${f.style} ${f.width}px)`);
  }
}

for (const width of [320, 1280]) {
  const label = `${width}px`;
  const page = await context.newPage();
  // The error page comes with 422 on purpose; any other console error is a fault.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('status of 422')) fail(`${label}: console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => fail(`${label}: page error: ${e.message}`));
  await page.setViewportSize({ width, height: 800 });

  const res = await page.goto(pageURL);
  if (res.status() !== 200) fail(`${label}: form status ${res.status()}`);
  sources.set('form', await res.text());
  const lang = await page.evaluate(() => document.documentElement.lang);
  if (lang !== 'nb') fail(`${label}: html lang ${lang}`);
  // The style is applied under the page's CSP (its hash matches).
  const bg = await page.evaluate(() => getComputedStyle(document.querySelector('button[type=submit]')).backgroundColor);
  if (bg !== 'rgb(31, 60, 136)') fail(`${label}: the inline style was not applied (button ${bg})`);
  const cookies = await context.cookies();
  if (cookies.length) fail(`${label}: cookies set: ${cookies.map((c) => c.name)}`);
  await noHorizontalScroll(page, `${label} form`);
  await focusVisible(page, `${label} form`);
  await axe(page, `${label} form`);
  if (width === 320) await page.screenshot({ path: screenshot, fullPage: true });

  // An empty answer: the error is tied to the field.
  const [errRes] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  if (errRes.status() !== 422) fail(`${label}: empty answer status ${errRes.status()}`);
  sources.set('error', await errRes.text());
  const invalid = await page.getAttribute('#text', 'aria-invalid');
  const described = await page.getAttribute('#text', 'aria-describedby');
  if (invalid !== 'true' || !described.includes('text-error')) fail(`${label}: the error is not tied to the field`);
  await noHorizontalScroll(page, `${label} error`);
  await axe(page, `${label} error`);

  // A real answer, typed and sent with the keyboard's help.
  await page.fill('#text', `Jeg vet nå når neste møte er. (${label})`);
  await page.check('#age-2');
  const [thanksRes] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  sources.set('thanks', await thanksRes.text());
  const h1 = await page.textContent('h1');
  if (h1 !== 'Takk for svaret!') fail(`${label}: thank-you page says ${JSON.stringify(h1)}`);
  await noHorizontalScroll(page, `${label} thanks`);
  await axe(page, `${label} thanks`);

  // 200 % zoom at 1280 px is a 640 px wide layout.
  if (width === 1280) {
    await page.setViewportSize({ width: 640, height: 800 });
    await page.goto(pageURL);
    await noHorizontalScroll(page, '200% zoom');
  }
  summary.widths.push(width);
  await page.close();
}

await context.close();
fs.rmSync(userDataDir, { recursive: true, force: true });

// Valid HTML, by the W3C's Nu Html Checker.
const htmlDir = fs.mkdtempSync(path.join(os.tmpdir(), 'involve-html-'));
const files = [...sources].map(([name, html]) => {
  const f = path.join(htmlDir, `${name}.html`);
  fs.writeFileSync(f, html);
  return f;
});
const vnu = spawnSync(process.env.JAVA || 'java', ['-jar', require('vnu-jar'), '--format', 'json', ...files], { encoding: 'utf8' });
if (vnu.error) {
  fail(`html check: ${vnu.error.message}`);
} else {
  let messages = [];
  try {
    messages = JSON.parse(vnu.stderr).messages;
  } catch {
    fail(`html check: ${vnu.stderr || vnu.stdout}`);
  }
  for (const m of messages) {
    fail(`html ${path.basename(m.url || '')}:${m.lastLine}: ${m.type}${m.subType ? '/' + m.subType : ''}: ${m.message}`);
  }
  summary.html = files.length;
}
fs.rmSync(htmlDir, { recursive: true, force: true });
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(JSON.stringify(summary));
