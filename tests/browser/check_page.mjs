// Opens a kg page in headless Chromium and prints one JSON line about it:
// {canvas, nodes, firstDraw, still (ms since navigation), labels, consoleErrors, pageErrors, dialogs, pwned}.
// Usage: node check_page.mjs PAGE.html [--screenshot FILE.png|FILE.jpg] [--exercise N] [--search TEXT]
//                            [--click NODE_ID] [--timeout MS]
//   labels: the labels drawn once the page is still: {count, overlaps (pairs of boxes that overlap),
//           biggest (font size on the screen, pixels), ids}.
//   --exercise N: hover and click the first N nodes and links (tooltips and details are drawn),
//                 then tick every filter off and on.
//   --search TEXT: type TEXT in the search box; reports search: {selected, scale, node: the found
//                  node's box on the screen and whether it is inside the canvas, labels, details}.
//   --click NODE_ID: zoom onto the node and click it; reports clicked: {selected, details, links}.
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
const search = option("--search", null);
const click = option("--click", null);
const pause = (ms) => new Promise((done) => setTimeout(done, ms));
// What the page shows now: its drawn labels, selection, details panel and a node's place on the screen.
const seen = (page, id) => page.evaluate((nodeId) => {
  const net = window.kgNetwork;
  const boxes = window.kgLabels.slice();
  let overlaps = 0;
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
    if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) { overlaps += 1; }
  }));
  const selected = net.getSelectedNodes();
  const wanted = nodeId || selected[0];
  const canvas = document.getElementById("graph").getBoundingClientRect();
  let node = null;
  if (wanted !== undefined) {
    const box = net.getBoundingBox(wanted);
    const a = net.canvasToDOM({ x: box.left, y: box.top }), b = net.canvasToDOM({ x: box.right, y: box.bottom });
    node = { id: wanted, x1: a.x, y1: a.y, x2: b.x, y2: b.y, width: b.x - a.x,
             inCanvas: a.x >= 0 && a.y >= 0 && b.x <= canvas.width && b.y <= canvas.height };
  }
  const details = document.getElementById("details");
  return {
    selected, scale: net.getScale(), node,
    labels: { count: boxes.length, overlaps, biggest: Math.max(0, ...boxes.map((l) => l.y2 - l.y1)),
              ids: boxes.map((l) => l.id) },
    details: details.textContent,
    links: Array.from(details.querySelectorAll("a[href^='http']")).map((a) => a.getAttribute("href")),
    sections: Array.from(details.querySelectorAll("h3")).map((h) => h.textContent),
  };
}, id || null);
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
  report.labels = (await seen(page)).labels;
  if (search) {
    await page.type("#search", search);
    await page.$eval("#search", (box) => box.dispatchEvent(new Event("change")));
    await pause(1200);  // the zoom's animation
    report.search = await seen(page);
  }
  if (click) {
    await page.evaluate((id) => window.kgNetwork.focus(id, { scale: 2.5 }), click);
    await pause(300);
    const at = await page.evaluate((id) => {
      const net = window.kgNetwork, box = document.getElementById("graph").getBoundingClientRect();
      const d = net.canvasToDOM(net.getPositions([id])[id]);
      return { x: d.x + box.left, y: d.y + box.top };
    }, click);
    await page.mouse.click(at.x, at.y);
    await pause(300);
    report.clicked = await seen(page, click);
  }
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
