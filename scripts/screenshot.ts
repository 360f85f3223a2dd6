/**
 * `node --import tsx scripts/screenshot.ts [out.png] [path]`: a screenshot of the demo host page,
 * served by the dev server (no persistence), after the elements have rendered. For the README.
 */
import { launchBrowser, startServer } from '../test/support.ts';

const out = process.argv[2] ?? 'docs/demo.png';
const path = process.argv[3] ?? '/';
const server = await startServer({ demo: true });
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.origin + path);
  await page.waitForFunction(() => {
    const banner = document.querySelector('coord-patient-banner');
    return banner?.shadowRoot?.textContent?.includes('Martin') && (document.querySelector('coord-timeline')?.shadowRoot?.querySelectorAll('[role="article"], article').length ?? 0) > 0;
  });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
