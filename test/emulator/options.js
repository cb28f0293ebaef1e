'use strict';

// Emulator options: defaults, checks, run-time changes. Unknown names are refused so a typo in
// a test does not silently test nothing.
const DAY = 24 * 3600 * 1000;

const DEFAULTS = {
	port: 0,
	latencyMs: 1500,
	pendingMs: 200,
	spreadMs: 0,
	seed: undefined,
	queryRateLimit: 20,
	createRateLimit: null,
	maxConcurrentTasks: null,
	retryAfterSeconds: null,
	taskTtlMs: DAY,
	resultUrlTtlMs: DAY,
	render: { maxSide: null, resultBytes: null },
	idleStopMs: null,
	maxBodyBytes: 40 * 1024 * 1024,
	keys: undefined,
	// Decode PNG/JPEG/BMP inputs at create (once per distinct content) and refuse undecodable ones.
	strictDecode: true,
	// Oldest request records are dropped beyond this many.
	logLimit: 100000,
	// The service's clock minus this machine's (ms, either sign): every time the service shows
	// (task times, list items, list filters, the Date header) is on its own clock.
	clockOffsetMs: 0,
};

const NULLABLE_NUMBERS = [
	'createRateLimit',
	'maxConcurrentTasks',
	'retryAfterSeconds',
	'idleStopMs',
	'queryRateLimit',
];
const NUMBERS = [
	'port',
	'latencyMs',
	'pendingMs',
	'spreadMs',
	'taskTtlMs',
	'resultUrlTtlMs',
	'maxBodyBytes',
	'logLimit',
];
const FIXED_AFTER_START = ['port'];

function check(name, value) {
	if (name === 'clockOffsetMs' && !(typeof value === 'number' && Number.isFinite(value)))
		throw new Error('emulator: option clockOffsetMs must be a finite number');
	if (NUMBERS.includes(name) && !(typeof value === 'number' && value >= 0))
		throw new Error(`emulator: option ${name} must be a number >= 0`);
	if (
		NULLABLE_NUMBERS.includes(name) &&
		value !== null &&
		!(typeof value === 'number' && value >= 0)
	) {
		throw new Error(`emulator: option ${name} must be null or a number >= 0`);
	}
}

/** Returns a new options object: `base` with `partial` applied (render merged field by field). */
function mergeOptions(base, partial = {}, started = false) {
	const out = { ...base, render: { ...base.render } };
	for (const [name, value] of Object.entries(partial || {})) {
		if (!(name in DEFAULTS)) throw new Error(`emulator: unknown option "${name}"`);
		if (started && FIXED_AFTER_START.includes(name))
			throw new Error(`emulator: option ${name} cannot change after start`);
		if (name === 'render') {
			for (const [k, v] of Object.entries(value || {})) {
				if (!(k in DEFAULTS.render)) throw new Error(`emulator: unknown option "render.${k}"`);
				if (v !== null && !(typeof v === 'number' && v > 0))
					throw new Error(`emulator: option render.${k} must be null or a number > 0`);
				out.render[k] = v;
			}
			continue;
		}
		check(name, value);
		out[name] = value;
	}
	return out;
}

module.exports = { DEFAULTS, mergeOptions };
