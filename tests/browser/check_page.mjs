// Opens a kg page in headless Chromium and prints one JSON line about it:
// {canvas, nodes, firstDraw, still (ms since navigation), consoleErrors, pageErrors, dialogs, pwned}.
// Usage: node check_page.mjs PAGE.html [--screenshot FILE.png|FILE.jpg] [--exercise N] [--timeout MS]
//   --exercise N: hover and click the first N nodes and links (tooltips and details are drawn),
//                 then tick every filter off and on.
// Chromium: $CHROMIUM, else /usr/bin/chromium. A fresh profile each run; no network.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import puppeteer from "puppeteer-core";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const page_path = resolve(args[0]);
const screenshot = option("--screenshot", null);
const exercise = Number(option("--exercise", "0"));
const timeout = Number(option("--timeout", "60000"));
const profile = mkdtempSync(join(tmpdir(), "kg-chromium-"));

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  userDataDir: profile,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--window-size=1600,1000"],
});
const report = { consoleErrors: [], pageErrors: [], dialogs: [], requests: [] };
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1600, height: 1000 });
  page.on("console", (message) => { if (message.type() === "error") report.consoleErrors.push(message.text()); });
  page.on("pageerror", (error) => report.pageErrors.push(String(error)));
  page.on("dialog", async (dialog) => { report.dialogs.push(dialog.message()); await dialog.dismiss(); });
  page.on("request", (request) => { if (!request.url().startsWith("file:")) report.requests.push(request.url()); });
  await page.goto("file://" + page_path, { waitUntil: "load", timeout });
  await page.waitForFunction(() => window.kgTiming && window.kgTiming.still !== undefined, { timeout });
  Object.assign(report, await page.evaluate(() => ({
    firstDraw: window.kgTiming.firstDraw,
    still: Math.max(window.kgTiming.still, window.kgTiming.firstDraw),
    canvas: !!document.querySelector("#graph canvas"),
    nodes: window.kgNetwork.body.data.nodes.length,
  })));
  if (exercise > 0) {
    const points = await page.evaluate((count) => {
      const net = window.kgNetwork;
      const box = document.getElementById("graph").getBoundingClientRect();
      const ids = net.body.data.nodes.getIds().slice(0, count);
      const at = (p) => { const d = net.canvasToDOM(p); return { x: d.x + box.left, y: d.y + box.top }; };
      const nodePoints = ids.map((id) => at(net.getPositions([id])[id]));
      const edgePoints = net.body.data.edges.get().slice(0, count).map((e) => {
        const a = net.getPositions([e.from])[e.from], b = net.getPositions([e.to])[e.to];
        return at({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
      });
      return nodePoints.concat(edgePoints);
    }, exercise);
    for (const point of points) {
      await page.mouse.move(point.x, point.y);
      await new Promise((done) => setTimeout(done, 150));
      await page.mouse.click(point.x, point.y);
    }
    for (const box of await page.$$("#labels input, #rels input")) {
      await box.click();
      await box.click();
    }
    report.tipShown = await page.evaluate(() => document.getElementById("tip").textContent.length > 0);
    report.detailsShown = await page.evaluate(() => document.getElementById("details").textContent.length > 0);
  }
  report.pwned = await page.evaluate(() => window.__pwned === undefined ? null : String(window.__pwned));
  if (screenshot) {
    await page.mouse.move(1, 1);
    const jpeg = /\.jpe?g$/i.test(screenshot);
    await page.screenshot(jpeg ? { path: screenshot, type: "jpeg", quality: 80 } : { path: screenshot });
  }
} catch (error) {
  report.failure = String(error);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(report));
