// check.mjs: open an HTML edition in Debian's Chromium (puppeteer-core, no
// browser downloaded), run axe-core on it, check its structure, and take
// screenshots of the first screen and of a table.  For tests/e2e/web.sh.
//
//	node check.mjs REPORT.html SHOTS_DIR NAME
//
// MAPPA_LANG is the language <html lang> must say (default en-GB).
//
// Prints one line per problem and exits 1 if there is any; prints
// "ok: ..." lines for what passed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const [file, shots, name] = process.argv.slice(2);
if (!file || !shots || !name) {
	console.error('usage: node check.mjs REPORT.html SHOTS_DIR NAME');
	process.exit(64);
}
const url = 'file://' + path.resolve(file);
const problems = [];
const bad = (m) => problems.push(m);

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mappa-chromium-'));
const browser = await puppeteer.launch({
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	headless: true,
	userDataDir: profile,
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
	    '--no-first-run', '--disable-background-networking',
	    '--disable-component-update', '--disable-sync',
	    `--user-data-dir=${profile}`],
});
try {
	const page = await browser.newPage();
	await page.setViewport({ width: 1280, height: 800 });
	// Every request but the file itself and its own data: URIs (the
	// images it embeds) is a failure: nothing external.
	const requests = [];
	await page.setRequestInterception(true);
	page.on('request', (r) => {
		const own = r.url() === url || r.url().startsWith('data:');
		if (!own)
			requests.push(r.url());
		if (own)
			r.continue();
		else
			r.abort();
	});
	const errors = [];
	page.on('pageerror', (e) => errors.push(String(e)));
	page.on('console', (m) => {
		if (m.type() === 'error')
			errors.push(m.text());
	});
	await page.goto(url, { waitUntil: 'load' });
	if (requests.length)
		bad(`external requests: ${requests.join(' ')}`);
	if (errors.length)
		bad(`console errors: ${errors.join(' | ')}`);

	const s = await page.evaluate(() => {
		const q = (sel) => [...document.querySelectorAll(sel)];
		const levels = q('h1,h2,h3,h4,h5,h6').map((h) => +h.tagName[1]);
		return {
			lang: document.documentElement.lang,
			title: document.title,
			h1: q('h1').length,
			levels,
			scripts: q('script').length,
			provenance: document.querySelector('meta[name=provenance]')?.content ?? '',
			tocLinks: q('nav a[href^="#"]').map((a) => a.getAttribute('href').slice(1)),
			ids: q('[id]').map((e) => e.id),
			tables: q('table').map((t) => ({
				caption: t.caption ? t.caption.textContent.trim() : '',
				thNoScope: [...t.querySelectorAll('th')].filter((th) => !th.getAttribute('scope')).length,
				numsLeft: [...t.querySelectorAll('td')].filter((td) =>
				    /^[\u2212+-]?[0-9][0-9,]*$/.test(td.textContent.trim()) &&
				    getComputedStyle(td).textAlign !== 'right').length,
			})),
			// what a screen reader names each table's region
			regions: q('[role=region]').map((r) =>
			    document.getElementById(r.getAttribute('aria-labelledby') || '')
			    ?.textContent.trim() ?? ''),
			svgs: q('svg').map((g) => ({
				role: g.getAttribute('role'),
				title: g.querySelector(':scope > title')?.textContent ?? '',
				desc: g.querySelector(':scope > desc')?.textContent ?? '',
				labelled: (g.getAttribute('aria-labelledby') || '').split(' ')
				    .every((id) => id && document.getElementById(id)),
				dataTable: !!g.closest('figure')?.querySelector('table caption'),
			})),
			imgs: q('img').map((i) => ({ alt: i.getAttribute('alt'), src: i.getAttribute('src').slice(0, 5) })),
			printRules: [...document.styleSheets].flatMap((ss) => [...ss.cssRules])
			    .filter((r) => r.media && [...r.media].includes('print')).length,
		};
	});
	// the edition's language: MAPPA_LANG (a Welsh edition's is cy)
	const want = process.env.MAPPA_LANG || 'en-GB';
	if (s.lang !== want)
		bad(`lang is '${s.lang}', not ${want}`);
	if (!s.title)
		bad('no title');
	if (s.h1 !== 1)
		bad(`${s.h1} h1 elements, not one`);
	for (let i = 1; i < s.levels.length; i++)
		if (s.levels[i] > s.levels[i - 1] + 1)
			bad(`heading h${s.levels[i]} follows h${s.levels[i - 1]}`);
	if (s.levels[0] !== 1)
		bad(`the first heading is h${s.levels[0]}`);
	if (s.scripts)
		bad(`${s.scripts} script elements`);
	if (!/mappa-report .*snapshot sha256 [0-9a-f]{64}/.test(s.provenance))
		bad(`provenance meta is '${s.provenance}'`);
	if (s.tocLinks.length < 3)
		bad(`the contents has ${s.tocLinks.length} links`);
	for (const id of s.tocLinks)
		if (!s.ids.includes(id))
			bad(`contents link #${id} goes nowhere`);
	const dup = s.ids.filter((id, i) => s.ids.indexOf(id) !== i);
	if (dup.length)
		bad(`duplicate ids: ${dup.join(' ')}`);
	s.tables.forEach((t, i) => {
		if (!t.caption)
			bad(`table ${i + 1} has no caption`);
		if (t.thNoScope)
			bad(`table ${i + 1} (${t.caption}): ${t.thNoScope} th without scope`);
		if (t.numsLeft)
			bad(`table ${i + 1} (${t.caption}): ${t.numsLeft} numbers not right-aligned`);
	});
	// two tables named alike ("Table 1" and "Table 1. ...") are one to
	// a listener going from table to table
	const num = (n) => (n.match(/^Tabl(e)? [0-9]+\b/) || [n])[0];
	const names = s.regions.map(num);
	const twice = names.filter((n, i) => n && names.indexOf(n) !== i);
	if (twice.length)
		bad(`tables named alike: ${twice.join('; ')}`);
	if (s.regions.some((n) => !n))
		bad('a table region without a name');
	if (!s.svgs.length)
		bad('no chart');
	s.svgs.forEach((g, i) => {
		if (g.role !== 'img' || !g.title || !g.desc || !g.labelled || !g.dataTable)
			bad(`chart ${i + 1}: role ${g.role}, title '${g.title}', desc '${g.desc.slice(0, 40)}', labelled ${g.labelled}, data table ${g.dataTable}`);
	});
	s.imgs.forEach((im, i) => {
		if (im.alt === null || im.src !== 'data:')
			bad(`image ${i + 1}: alt ${im.alt}, src ${im.src}`);
	});
	if (!s.printRules)
		bad('no print styles');
	console.log(`ok: ${s.levels.length} headings, ${s.tables.length} tables, ` +
	    `${s.svgs.length} charts, ${s.imgs.length} images, ${s.tocLinks.length} contents links`);

	// axe-core, evaluated through the DevTools protocol (the page's own
	// Content-Security-Policy forbids scripts, rightly).
	await page.evaluate(axeSource);
	const axe = await page.evaluate(async () => {
		const r = await window.axe.run(document, {
			resultTypes: ['violations'],
		});
		return r.violations.map((v) => ({ id: v.id, impact: v.impact,
		    help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
	});
	for (const v of axe)
		bad(`axe: ${v.id} (${v.impact}): ${v.help}: ${v.nodes.join(', ')}`);
	if (!axe.length)
		console.log('ok: axe-core found no violations');

	fs.mkdirSync(shots, { recursive: true });
	await page.screenshot({ path: path.join(shots, `${name}-first.png`) });
	// The first two tables (the second has the previous year's columns
	// when there is one).
	const wraps = await page.$$('.table-wrap');
	for (const [i, t] of wraps.slice(0, 2).entries()) {
		await t.scrollIntoView();
		await t.screenshot({ path: path.join(shots, `${name}-table${i ? i + 1 : ''}.png`) });
	}
	// A board's signatures and a boxed case study, where there are any.
	for (const [sel, what] of [['.signatures', 'signatures'], ['.box', 'box']]) {
		const el = await page.$(sel);
		if (el) {
			await el.scrollIntoView();
			await el.screenshot({ path: path.join(shots, `${name}-${what}.png`) });
		}
	}
	const fig = await page.$('figure');
	if (fig)
		await fig.screenshot({ path: path.join(shots, `${name}-chart.png`) });
	// The print styles: the report as Chromium would print it.
	await page.emulateMediaType('print');
	await page.pdf({ path: path.join(shots, `${name}-print.pdf`), format: 'A4' });
	console.log(`ok: screenshots in ${shots}`);
} finally {
	await browser.close();
	fs.rmSync(profile, { recursive: true, force: true });
}
for (const p of problems)
	console.log(`${file}: ${p}`);
process.exit(problems.length ? 1 : 0);
