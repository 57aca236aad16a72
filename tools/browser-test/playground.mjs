// Loads the playground in Debian's headless Chromium with every request to another host
// blocked, runs a query, checks the result pane and the docs explorer, and saves a
// screenshot: `node playground.mjs http://127.0.0.1:8080 target/playground.png`.
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const shot = process.argv[3] ?? 'playground.png';
const origin = new URL(base).origin;
const fail = (message) => {
  console.error(`playground test: ${message}`);
  process.exit(1);
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless=new'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const offsite = [];
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== origin) {
      offsite.push(url.href);
      return route.abort();
    }
    return route.continue();
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  const query = '{ organization(slug: "usfs") { slug name } }';
  await page.goto(`${base}/?query=${encodeURIComponent(query)}`);
  await page.waitForSelector('.graphiql-execute-button', { timeout: 30000 });
  await page.click('.graphiql-execute-button');
  const result = page.locator('.graphiql-response');
  await result.getByText('"usfs"').first().waitFor({ timeout: 30000 });
  const text = await result.innerText();
  if (!text.includes('Union of Soviet Friendship Societies')) fail(`result pane: ${text}`);

  // the docs explorer lists the root type and its fields
  await page.click('[aria-label="Show Documentation Explorer"]');
  await page.getByText('Query', { exact: true }).first().waitFor({ timeout: 30000 });
  await page.getByText('Query', { exact: true }).first().click();
  await page.getByText('organizations', { exact: true }).first().waitFor({ timeout: 30000 });

  await page.screenshot({ path: shot });
  if (offsite.length > 0) fail(`requests to other hosts: ${offsite.join(', ')}`);
  if (errors.length > 0) fail(`page errors: ${errors.join('; ')}`);
  console.log(`playground test: query run, docs explorer open, no request left the host; screenshot ${shot}`);
} finally {
  await browser.close();
}
