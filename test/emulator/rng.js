'use strict';

// Seeded PRNG (mulberry32): latency spread and fault probabilities repeat run after run.
function createRng(seed) {
	let state = (Number.isFinite(seed) ? seed : Math.floor(Math.random() * 2 ** 32)) >>> 0;
	return function next() {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

module.exports = { createRng };
