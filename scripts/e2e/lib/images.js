'use strict';
// Test images for the e2e: PNGs made with pngjs, and checks that a result is a real PNG whose
// pixels are the emulator's rendering of the inputs (colours inverted, one vertical strip per input).
const { PNG } = require('pngjs');

const RED = [255, 0, 0];
const GREEN = [0, 255, 0];
const BLUE = [0, 0, 255];
const invert = (rgb) => rgb.map((c) => 255 - c);

/** A w×h PNG whose left half is `left` and right half `right`. */
function splitPng(w, h, left, right = left) {
	const png = new PNG({ width: w, height: h, colorType: 2 });
	for (let y = 0; y < h; y++) {
		for (let x = 0; x < w; x++) {
			const [r, g, b] = x < w / 2 ? left : right;
			const i = (y * w + x) * 4;
			png.data[i] = r;
			png.data[i + 1] = g;
			png.data[i + 2] = b;
			png.data[i + 3] = 255;
		}
	}
	return PNG.sync.write(png, { colorType: 2 });
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Checks the signature and IHDR, then decodes; throws with a reason when it is not a PNG. */
function decodePng(buffer) {
	if (!Buffer.isBuffer(buffer) || buffer.length < 33)
		throw new Error(`not a PNG: ${buffer?.length ?? 0} bytes`);
	if (!buffer.subarray(0, 8).equals(SIGNATURE))
		throw new Error(`not a PNG: signature ${buffer.subarray(0, 8).toString('hex')}`);
	if (buffer.toString('latin1', 12, 16) !== 'IHDR')
		throw new Error('not a PNG: first chunk is not IHDR');
	const width = buffer.readUInt32BE(16);
	const height = buffer.readUInt32BE(20);
	const png = PNG.sync.read(buffer);
	if (png.width !== width || png.height !== height)
		throw new Error('PNG IHDR and decoded size differ');
	const pixel = (x, y) => {
		const i = (Math.floor(y) * png.width + Math.floor(x)) * 4;
		return [png.data[i], png.data[i + 1], png.data[i + 2]];
	};
	return { width, height, pixel };
}

const same = (a, b) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) <= 2);

/**
 * Asserts the emulator's rendering: `strips` = the expected colour (before inversion) at the centre
 * of each sampling point, given as [[xFraction, rgb], ...] on the middle row.
 */
function assertRendered(buffer, samples, label = 'image') {
	const png = decodePng(buffer);
	for (const [fx, rgb] of samples) {
		const got = png.pixel(png.width * fx, png.height / 2);
		const want = invert(rgb);
		if (!same(got, want))
			throw new Error(`${label}: pixel at x=${fx} is ${got} but the inverted input is ${want}`);
	}
	return png;
}

module.exports = { splitPng, decodePng, assertRendered, invert, RED, GREEN, BLUE, SIGNATURE };
