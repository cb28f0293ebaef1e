'use strict';

// Result images a test can reason about: each input is scaled (nearest neighbour) into its own
// vertical strip of the output (one strip for an edit, k for a fusion) with inverted colours.
// Red in -> cyan out. WEBP inputs (no decoder) become mid-grey. Rendered once per distinct
// (inputs, size) and cached; the per-download parts (a tEXt chunk naming task and index, and
// the optional padding) are cheap slices around the cached PNG.
const crypto = require('crypto');
const { PNG } = require('pngjs');
const { RESULT_URL } = require('./facts');

const CACHE_BUDGET_BYTES = 256 * 1024 * 1024;
const PAD_DATA = 65536;
const GREY = 128;

const CRC_TABLE = new Int32Array(256).map((_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c;
});

function crc32(...bufs) {
	let c = -1;
	for (const buf of bufs)
		for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
	return (c ^ -1) >>> 0;
}

function chunk(type, data) {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(head.subarray(4), data), 0);
	return Buffer.concat([head, data, crc]);
}

/** Output pixel size, downscaled proportionally when render.maxSide is set. */
function renderSize(width, height, maxSide) {
	if (!maxSide || Math.max(width, height) <= maxSide) return { width, height };
	const scale = maxSide / Math.max(width, height);
	return {
		width: Math.max(1, Math.round(width * scale)),
		height: Math.max(1, Math.round(height * scale)),
	};
}

/** RGB buffer of the strips. `sources[j]` is { width, height, rgb } or null (grey). */
function paint(width, height, sources) {
	const rgb = Buffer.alloc(width * height * 3);
	const k = sources.length;
	const rowBytes = width * 3;
	sources.forEach((src, j) => {
		const x0 = Math.floor((j * width) / k);
		const x1 = Math.floor(((j + 1) * width) / k);
		const stripW = x1 - x0;
		if (!src) {
			for (let y = 0; y < height; y++) rgb.fill(GREY, y * rowBytes + x0 * 3, y * rowBytes + x1 * 3);
			return;
		}
		const cols = new Int32Array(stripW);
		for (let x = 0; x < stripW; x++) cols[x] = Math.floor((x * src.width) / stripW) * 3;
		let lastSy = -1;
		for (let y = 0; y < height; y++) {
			const sy = Math.floor((y * src.height) / height);
			const d0 = y * rowBytes + x0 * 3;
			if (sy === lastSy) {
				rgb.copy(rgb, d0, d0 - rowBytes, d0 - rowBytes + stripW * 3);
				continue;
			}
			lastSy = sy;
			const s0 = sy * src.width * 3;
			for (let x = 0, d = d0; x < stripW; x++, d += 3) {
				const s = s0 + cols[x];
				rgb[d] = 255 - src.rgb[s];
				rgb[d + 1] = 255 - src.rgb[s + 1];
				rgb[d + 2] = 255 - src.rgb[s + 2];
			}
		}
	});
	return rgb;
}

function encodePng(width, height, rgb) {
	// A fixed Sub filter (pngjs's adaptive search is slow) turns flat colour into zero runs that
	// RLE deflate packs tightly: a 1280*1280 solid result is ~9 KB and takes ~12 ms.
	return PNG.sync.write(
		{ width, height, data: rgb },
		{
			colorType: 2,
			inputColorType: 2,
			inputHasAlpha: false,
			filterType: 1,
			deflateLevel: 3,
			deflateStrategy: 3,
		},
	);
}

class Renderer {
	constructor(options, inputs) {
		this.options = options;
		this.inputs = inputs;
		this.cache = new Map(); // key -> PNG buffer; insertion order = LRU
		this.cacheBytes = 0;
		this.padChunk = null;
	}

	basePng(task) {
		const { width, height } = renderSize(task.width, task.height, this.options.render.maxSide);
		const key = `${task.inputs.map((i) => i.hash).join('+')}|${width}x${height}`;
		const hit = this.cache.get(key);
		if (hit) {
			this.cache.delete(key);
			this.cache.set(key, hit);
			return hit;
		}
		const sources = task.inputs.map((img) => {
			try {
				return this.inputs.pixels(img.hash);
			} catch {
				return null; // undecodable bytes (strictDecode off) render grey like WEBP
			}
		});
		const png = encodePng(width, height, paint(width, height, sources));
		this.cache.set(key, png);
		this.cacheBytes += png.length;
		for (const [k, v] of this.cache) {
			if (this.cacheBytes <= CACHE_BUDGET_BYTES || k === key) break;
			this.cache.delete(k);
			this.cacheBytes -= v.length;
		}
		return png;
	}

	/** Shared 64 KiB padding chunk (random, so compression cannot shrink it). */
	sharedPad() {
		if (!this.padChunk) {
			this.padData = crypto.randomBytes(PAD_DATA);
			this.padChunk = chunk(RESULT_URL.paddingChunkType, this.padData);
		}
		return this.padChunk;
	}

	/** The PNG of result `index` as a list of buffers (written in order) and its total length. */
	parts(task, index) {
		const png = this.basePng(task);
		const seed = task.seed === null ? 'none' : task.seed + index;
		const text = chunk(
			'tEXt',
			Buffer.from(
				`Comment\0dashscope-emulator task=${task.id} index=${index} seed=${seed}`,
				'latin1',
			),
		);
		const parts = [png.subarray(0, png.length - 12), text];
		const iend = png.subarray(png.length - 12);
		let length = png.length + text.length;
		const target = this.options.render.resultBytes;
		if (target && target > length) {
			const shared = this.sharedPad();
			let rest = target - length;
			let count = Math.floor(rest / shared.length);
			rest -= count * shared.length;
			if (rest > 0 && rest < 12 && count > 0) {
				count--;
				rest += shared.length;
			}
			for (let i = 0; i < count; i++) parts.push(shared);
			length += count * shared.length;
			if (rest >= 12) {
				// One chunk carries at most PAD_DATA bytes: a longer remainder is split in two.
				const sizes =
					rest - 12 <= PAD_DATA ? [rest] : [Math.floor(rest / 2), rest - Math.floor(rest / 2)];
				for (const size of sizes) {
					const tail = chunk(RESULT_URL.paddingChunkType, this.padData.subarray(0, size - 12));
					parts.push(tail);
					length += tail.length;
				}
			}
		}
		parts.push(iend);
		return { parts, length };
	}

	clear() {
		this.cache.clear();
		this.cacheBytes = 0;
	}
}

module.exports = { Renderer, renderSize, paint, crc32, chunk };
