'use strict';

// Offline emulator of DashScope's Wan 2.5 image-editing API (see README.md in this folder).
//   const { startEmulator } = require('./test/emulator');
//   const emu = await startEmulator({ latencyMs: 300 });
//   emu.baseUrl('singapore'), emu.keys.singapore, ... await emu.stop();
const { REGIONS } = require('./facts');
const { DEFAULTS, mergeOptions } = require('./options');
const { buildKeyring } = require('./auth');
const { createRng } = require('./rng');
const { SlidingWindow } = require('./ratelimit');
const { InputStore } = require('./inputstore');
const { TaskStore } = require('./tasks');
const { Renderer } = require('./render');
const { createSigner } = require('./signing');
const { FaultSet } = require('./faults');
const { Service } = require('./service');
const { createHttpServer } = require('./server');
const { EventBridge } = require('./eventbridge');

class Emulator {
	constructor(options) {
		this.options = mergeOptions(DEFAULTS, options);
		this.keyring = buildKeyring(this.options.keys);
		this.rng = createRng(this.options.seed);
		this.queryWindow = new SlidingWindow(1000);
		this.createWindow = new SlidingWindow(1000);
		this.inputs = new InputStore();
		this.store = new TaskStore(this.options, () => this.rng(), this.inputs);
		this.renderer = new Renderer(this.options, this.inputs);
		this.signer = createSigner();
		this.faults = new FaultSet();
		this.service = new Service(this);
		this.eventBridge = new EventBridge(this);
		this.log = [];
		this.seq = 0;
		this.origin = null;
		this.server = createHttpServer(this);
		this.stopped = false;
		this.lastActivity = Date.now();
		this.idleTimer = null;
		this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
	}

	async listen() {
		await new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.port, '127.0.0.1', () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		this.origin = `http://127.0.0.1:${this.server.address().port}`;
		this.armIdle();
		return this;
	}

	/** `${origin}/${region}/api/v1`; `${origin}/api/v1` also serves Singapore. */
	baseUrl(region = 'singapore') {
		if (!REGIONS[region]) throw new Error(`emulator: unknown region "${region}"`);
		return `${this.origin}/${region}/api/v1`;
	}

	get keys() {
		return this.keyring.primary;
	}

	get tasks() {
		return this.store.tasks;
	}

	info() {
		const baseUrls = {};
		for (const region of Object.keys(REGIONS)) baseUrls[region] = this.baseUrl(region);
		return {
			origin: this.origin,
			defaultBaseUrl: `${this.origin}/api/v1`,
			baseUrls,
			keys: this.keys,
			allKeys: this.keyring.all,
		};
	}

	pushLog(record) {
		this.log.push(record);
		// Trim in batches so a long benchmark does not splice on every request.
		if (this.log.length > this.options.logLimit * 1.1)
			this.log.splice(0, this.log.length - this.options.logLimit);
	}

	clearLog() {
		this.log.length = 0; // same array: tests may hold a reference
	}

	inject(fault) {
		return this.faults.add(fault);
	}

	clearFaults() {
		this.faults.clear();
	}

	configure(partial = {}) {
		const merged = mergeOptions(this.options, partial, true);
		Object.assign(this.options, merged); // in place: store and renderer read this object
		if ('keys' in partial) this.keyring = buildKeyring(this.options.keys);
		if ('seed' in partial) this.rng = createRng(this.options.seed);
		if ('maxConcurrentTasks' in partial) this.store.rescheduleAll(Date.now());
		if ('render' in partial) this.renderer.clear();
		if ('idleStopMs' in partial) this.armIdle();
		return this.options;
	}

	reset() {
		this.store.reset();
		this.renderer.clear();
		this.clearLog();
		this.clearFaults();
		this.queryWindow.clear();
		this.createWindow.clear();
		this.eventBridge.reset();
	}

	touch() {
		this.lastActivity = Date.now();
	}

	/** One unref'd timer re-armed lazily: no work per request, and it never keeps a process alive. */
	armIdle() {
		clearTimeout(this.idleTimer);
		this.idleTimer = null;
		const idle = this.options.idleStopMs;
		if (!idle || this.stopped) return;
		const fire = () => {
			const left = this.lastActivity + idle - Date.now();
			if (left > 0) this.idleTimer = setTimeout(fire, left).unref();
			else this.stop();
		};
		this.idleTimer = setTimeout(fire, Math.max(0, this.lastActivity + idle - Date.now())).unref();
	}

	/** Lets the process exit while the server still listens (node's server.unref()). */
	unref() {
		this.server.unref();
		return this;
	}

	async stop() {
		if (!this.stopped) {
			this.stopped = true;
			clearTimeout(this.idleTimer);
			this.eventBridge.stop();
			this.server.close(() => this.resolveClosed());
			this.server.closeAllConnections();
		}
		return this.closed;
	}
}

async function startEmulator(options = {}) {
	return new Emulator(options).listen();
}

module.exports = { startEmulator, Emulator };
