'use strict';

// Injected faults. The first active fault matching the request (route, optional taskId) whose
// probability roll succeeds applies and uses up one of its `times`.
//   kind 'status'    answer `status` with the error body (defaults per status in facts)
//   kind 'reset'     destroy the socket, no response
//   kind 'slow'      delay the real answer by delayMs
//   kind 'malformed' answer 200 with a broken body
//   phase 'before'   the request is not processed (slow: processed after the delay)
//   phase 'after'    the request is processed (a create is billed), only the answer changes
const { FAULT_STATUS_DEFAULTS } = require('./facts');

const ROUTES = ['create', 'query', 'list', 'cancel', 'download', 'other', 'any'];
const KINDS = ['status', 'reset', 'slow', 'malformed'];

function normalizeFault(input) {
	if (!input || typeof input !== 'object') throw new Error('emulator: a fault must be an object');
	const f = { route: 'any', phase: 'before', times: 1, probability: 1, taskId: null, ...input };
	if (!KINDS.includes(f.kind))
		throw new Error(`emulator: fault kind must be one of ${KINDS.join(', ')}`);
	if (!ROUTES.includes(f.route))
		throw new Error(`emulator: fault route must be one of ${ROUTES.join(', ')}`);
	if (f.phase !== 'before' && f.phase !== 'after')
		throw new Error("emulator: fault phase must be 'before' or 'after'");
	// JSON cannot carry Infinity: the control API accepts null, -1 or "Infinity" for it.
	if (f.times === null || f.times === -1 || f.times === 'Infinity') f.times = Infinity;
	if (!(f.times > 0)) throw new Error('emulator: fault times must be positive');
	if (!(f.probability >= 0 && f.probability <= 1))
		throw new Error('emulator: fault probability must be within [0, 1]');
	if (f.kind === 'status') {
		f.status = Number(f.status || 500);
		const defaults = FAULT_STATUS_DEFAULTS[f.status] || {
			code: 'Error',
			message: `HTTP ${f.status}`,
		};
		f.code = f.code || defaults.code;
		f.message = f.message || defaults.message;
	}
	if (f.kind === 'slow') f.delayMs = Number(f.delayMs ?? 1000);
	return f;
}

class FaultSet {
	constructor() {
		this.list = [];
	}

	add(input) {
		const f = normalizeFault(input);
		this.list.push(f);
		return f;
	}

	pick(route, taskId, rng) {
		for (const f of this.list) {
			if (f.times <= 0) continue;
			if (f.route !== 'any' && f.route !== route) continue;
			if (f.taskId && f.taskId !== taskId) continue;
			if (f.probability < 1 && rng() >= f.probability) continue;
			f.times--;
			if (f.times <= 0) this.list.splice(this.list.indexOf(f), 1);
			return f;
		}
		return null;
	}

	clear() {
		this.list.length = 0;
	}
}

module.exports = { FaultSet, normalizeFault };
