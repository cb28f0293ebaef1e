'use strict';
// A small Chromium driver over the DevTools protocol (no browser download, no dependency beyond
// undici's WebSocket): Debian's /usr/bin/chromium, headless, a fresh profile, loopback only.
// Enough for the UI checks: navigate, evaluate, click and type, wait for text, screenshots.
const fs = require('node:fs');
const { WebSocket } = require('undici');
const { start, tempDir, sleep } = require('../e2e/lib/util');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps dialling Google on a closed network.
const FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--remote-debugging-address=127.0.0.1',
	'--remote-debugging-port=0',
];

/** Starts Chromium; resolves a Page bound to its first tab. */
async function launch({ width = 1440, height = 900, colorScheme = 'light' } = {}) {
	if (!fs.existsSync(CHROMIUM))
		throw new Error(
			`${CHROMIUM} not found: install Debian's Chromium (apt-get install -y chromium) or set CHROMIUM_PATH`,
		);
	const profile = tempDir('wan-ui-chromium-');
	const child = start(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, 'about:blank'], {
		name: 'chromium',
		limitSeconds: 30 * 60,
	});
	let endpoint;
	for (let i = 0; i < 200 && !endpoint; i++) {
		endpoint = child.output.join('\n').match(/DevTools listening on (ws:\/\/\S+)/)?.[1];
		if (!endpoint) await sleep(100);
	}
	if (!endpoint) throw new Error(`Chromium did not start:\n${child.output.join('\n')}`);
	const ws = new WebSocket(endpoint);
	await new Promise((resolve, reject) => {
		ws.onopen = resolve;
		ws.onerror = reject;
	});
	const page = new Page(ws, child);
	const { targetInfos } = await page.send('Target.getTargets');
	const tab = targetInfos.find((t) => t.type === 'page');
	const { sessionId } = await page.send('Target.attachToTarget', {
		targetId: tab.targetId,
		flatten: true,
	});
	page.sessionId = sessionId;
	await page.send('Page.enable');
	await page.send('Runtime.enable');
	await page.send('Emulation.setDeviceMetricsOverride', {
		width,
		height,
		deviceScaleFactor: 1,
		mobile: false,
	});
	await page.setColorScheme(colorScheme);
	return page;
}

class Page {
	constructor(ws, child) {
		this.ws = ws;
		this.child = child;
		this.nextId = 0;
		this.pending = new Map();
		this.errors = [];
		ws.onmessage = ({ data }) => {
			const message = JSON.parse(data);
			if (message.id !== undefined && this.pending.has(message.id)) {
				const { resolve, reject, method } = this.pending.get(message.id);
				this.pending.delete(message.id);
				if (message.error) reject(new Error(`${method}: ${message.error.message}`));
				else resolve(message.result);
			} else if (message.method === 'Runtime.exceptionThrown') {
				this.errors.push(message.params.exceptionDetails?.exception?.description ?? '');
			}
		};
	}

	/** One DevTools command (to the tab once attached). */
	send(method, params = {}) {
		const id = ++this.nextId;
		const message = { id, method, params };
		if (this.sessionId && !method.startsWith('Target.')) message.sessionId = this.sessionId;
		this.ws.send(JSON.stringify(message));
		return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject, method }));
	}

	async setColorScheme(value) {
		await this.send('Emulation.setEmulatedMedia', {
			features: [{ name: 'prefers-color-scheme', value }],
		});
	}

	async goto(url) {
		await this.send('Page.navigate', { url });
		await this.waitFor(() => document.readyState === 'complete');
	}

	/** Runs `fn(...args)` in the page; resolves its (JSON) value. */
	async eval(fn, ...args) {
		const { result, exceptionDetails } = await this.send('Runtime.evaluate', {
			expression: `(${fn})(...${JSON.stringify(args)})`,
			awaitPromise: true,
			returnByValue: true,
		});
		if (exceptionDetails)
			throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
		return result.value;
	}

	/** Waits until `fn(...args)` is truthy in the page; resolves that value. */
	async waitFor(fn, { timeoutMs = 20_000, what = String(fn).slice(0, 120) } = {}, ...args) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const value = await this.eval(fn, ...args).catch(() => undefined);
			if (value) return value;
			if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
			await sleep(150);
		}
	}

	/** The centre of the smallest visible element matching `selector` whose text includes `text`, scrolled into view. */
	async locate(selector, text = '', { timeoutMs } = {}) {
		return await this.waitFor(
			(sel, txt) => {
				let best = null;
				for (const el of document.querySelectorAll(sel)) {
					const box = el.getBoundingClientRect();
					const area = box.width * box.height;
					if (area && el.innerText?.includes(txt) && (!best || area < best.area))
						best = { el, area };
				}
				if (!best) return null;
				best.el.scrollIntoView({ block: 'center', inline: 'center' });
				const box = best.el.getBoundingClientRect();
				return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
			},
			{ timeoutMs, what: `${selector} with text "${text}"` },
			selector,
			text,
		);
	}

	/** A real mouse click (hover, press, release) on the element found by locate(). */
	async click(selector, text = '', options) {
		const { x, y } = await this.locate(selector, text, options);
		await this.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
		for (const type of ['mousePressed', 'mouseReleased'])
			await this.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 });
	}

	async hover(selector, text = '', options) {
		const { x, y } = await this.locate(selector, text, options);
		await this.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
	}

	async dblclick(selector, text = '', options) {
		const { x, y } = await this.locate(selector, text, options);
		await this.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
		for (const clickCount of [1, 2])
			for (const type of ['mousePressed', 'mouseReleased'])
				await this.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount });
	}

	async type(text) {
		await this.send('Input.insertText', { text });
	}

	async key(key, code = key, keyCode) {
		for (const type of ['keyDown', 'keyUp'])
			await this.send('Input.dispatchKeyEvent', {
				type,
				key,
				code,
				windowsVirtualKeyCode: keyCode,
			});
	}

	/** The page's visible text (for checks). */
	async text(selector = 'body') {
		return await this.eval((sel) => document.querySelector(sel)?.innerText ?? '', selector);
	}

	async screenshot(file, clip) {
		const { data } = await this.send('Page.captureScreenshot', {
			format: 'png',
			...(clip ? { clip: { ...clip, scale: 1 } } : {}),
		});
		fs.writeFileSync(file, Buffer.from(data, 'base64'));
	}

	async close() {
		await this.send('Browser.close').catch(() => {});
		this.ws.close();
	}
}

module.exports = { launch };
