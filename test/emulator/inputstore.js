'use strict';

// Input images by content hash: a benchmark that sends the same picture 500 times stores and
// decodes it once. Decoded pixels sit in a small byte-bounded LRU; raw bytes stay while any task
// refers to them (a render may come hours after the create).
const crypto = require('crypto');
const { decodePixels } = require('./images');

const DECODED_BUDGET_BYTES = 128 * 1024 * 1024;

class InputStore {
	constructor() {
		this.raw = new Map(); // hash -> { buffer, format, width, height, refs }
		this.decoded = new Map(); // hash -> { width, height, rgb } | null ; insertion order = LRU
		this.decodedBytes = 0;
	}

	/** Stores the bytes (once per content) and returns the hash. */
	put(buffer, format, width, height) {
		const hash = crypto.createHash('sha1').update(buffer).digest('hex');
		const entry = this.raw.get(hash);
		if (entry) entry.refs++;
		else this.raw.set(hash, { buffer, format, width, height, refs: 1 });
		return hash;
	}

	release(hash) {
		const entry = this.raw.get(hash);
		if (entry && --entry.refs <= 0) {
			this.raw.delete(hash);
			this.forget(hash);
		}
	}

	/** Decoded pixels (null: WEBP, renders grey). Throws when the bytes cannot be decoded. */
	pixels(hash) {
		if (this.decoded.has(hash)) {
			const hit = this.decoded.get(hash);
			this.decoded.delete(hash);
			this.decoded.set(hash, hit);
			return hit;
		}
		const entry = this.raw.get(hash);
		if (!entry) return null;
		const img = decodePixels(entry.buffer, entry.format);
		const size = img ? img.rgb.length : 0;
		this.decoded.set(hash, img);
		this.decodedBytes += size;
		for (const [key, value] of this.decoded) {
			if (this.decodedBytes <= DECODED_BUDGET_BYTES || key === hash) break;
			this.forget(key, value);
		}
		return img;
	}

	forget(hash, value = this.decoded.get(hash)) {
		if (!this.decoded.has(hash)) return;
		this.decoded.delete(hash);
		this.decodedBytes -= value ? value.rgb.length : 0;
	}

	clear() {
		this.raw.clear();
		this.decoded.clear();
		this.decodedBytes = 0;
	}
}

module.exports = { InputStore };
