'use strict';

// Reading input images: format by magic bytes, size from the real file, pixels for rendering.
// PNG via pngjs, JPEG via jpeg-js, BMP by hand; WEBP has no pure-JS decoder here, so only its
// header is read and it renders as mid-grey.
const { PNG } = require('pngjs');
const jpeg = require('jpeg-js');

const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** 'png' | 'jpeg' | 'bmp' | 'webp' | null */
function sniff(buf) {
	if (buf.length >= 8 && buf.subarray(0, 8).equals(PNG_SIG)) return 'png';
	if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
	if (buf.length >= 2 && buf[0] === 0x42 && buf[1] === 0x4d) return 'bmp';
	if (
		buf.length >= 12 &&
		buf.toString('latin1', 0, 4) === 'RIFF' &&
		buf.toString('latin1', 8, 12) === 'WEBP'
	)
		return 'webp';
	return null;
}

function need(buf, end, what) {
	if (buf.length < end) throw new Error(`the ${what} header is truncated`);
}

function pngDims(buf) {
	need(buf, 24, 'PNG');
	if (buf.toString('latin1', 12, 16) !== 'IHDR')
		throw new Error('the PNG file does not start with an IHDR chunk');
	return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

// SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
const isSof = (m) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function jpegDims(buf) {
	let i = 2;
	for (;;) {
		while (i < buf.length && buf[i] !== 0xff) i++;
		while (i < buf.length && buf[i] === 0xff) i++;
		if (i >= buf.length) throw new Error('the JPEG file has no frame header');
		const marker = buf[i++];
		if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
		if (marker === 0xd9 || marker === 0xda) throw new Error('the JPEG file has no frame header');
		need(buf, i + 2, 'JPEG');
		const len = buf.readUInt16BE(i);
		if (len < 2) throw new Error('the JPEG file has a damaged segment');
		if (isSof(marker)) {
			need(buf, i + 7, 'JPEG');
			return { width: buf.readUInt16BE(i + 5), height: buf.readUInt16BE(i + 3) };
		}
		i += len;
	}
}

function bmpDims(buf) {
	need(buf, 26, 'BMP');
	const dib = buf.readUInt32LE(14);
	if (dib === 12) return { width: buf.readUInt16LE(18), height: buf.readUInt16LE(20) };
	if (dib < 40) throw new Error('the BMP header is damaged');
	return { width: buf.readInt32LE(18), height: Math.abs(buf.readInt32LE(22)) };
}

function webpDims(buf) {
	need(buf, 16, 'WEBP');
	const chunk = buf.toString('latin1', 12, 16);
	need(buf, chunk === 'VP8L' ? 25 : 30, 'WEBP');
	if (chunk === 'VP8X')
		return { width: 1 + buf.readUIntLE(24, 3), height: 1 + buf.readUIntLE(27, 3) };
	if (chunk === 'VP8L') {
		if (buf[20] !== 0x2f) throw new Error('the WEBP (VP8L) signature is damaged');
		const bits = buf.readUInt32LE(21);
		return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8 ') {
		if (buf[23] !== 0x9d || buf[24] !== 0x01 || buf[25] !== 0x2a)
			throw new Error('the WEBP (VP8) start code is damaged');
		return { width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
	}
	throw new Error(`the WEBP file has an unknown first chunk "${chunk}"`);
}

const DIMS = { png: pngDims, jpeg: jpegDims, bmp: bmpDims, webp: webpDims };

/** { width, height } from the file's header; throws with a reason when unreadable. */
function readDims(buf, format) {
	const dims = DIMS[format](buf);
	if (!(dims.width > 0 && dims.height > 0))
		throw new Error(`the ${format.toUpperCase()} header gives no valid size`);
	return dims;
}

/** RGBA -> RGB (alpha ignored, see facts CHOICES.pngAlpha). */
function dropAlpha(rgba, pixels) {
	const rgb = Buffer.allocUnsafe(pixels * 3);
	for (let s = 0, d = 0; d < rgb.length; s += 4, d += 3) {
		rgb[d] = rgba[s];
		rgb[d + 1] = rgba[s + 1];
		rgb[d + 2] = rgba[s + 2];
	}
	return rgb;
}

function decodeBmp(buf) {
	const { width, height } = bmpDims(buf);
	const dib = buf.readUInt32LE(14);
	if (dib < 40) throw new Error('BMP core headers are not supported');
	const topDown = buf.readInt32LE(22) < 0;
	const bpp = buf.readUInt16LE(28);
	const compression = buf.readUInt32LE(30);
	const offset = buf.readUInt32LE(10);
	if (!(compression === 0 || (compression === 3 && bpp === 32)))
		throw new Error('compressed BMP is not supported');
	if (![1, 4, 8, 24, 32].includes(bpp))
		throw new Error(`BMP with ${bpp} bits per pixel is not supported`);
	const stride = Math.floor((bpp * width + 31) / 32) * 4;
	if (buf.length < offset + stride * height) throw new Error('the BMP pixel data is truncated');
	let palette = null;
	if (bpp <= 8) {
		const count = buf.readUInt32LE(46) || 1 << bpp;
		palette = buf.subarray(14 + dib, 14 + dib + count * 4);
	}
	const rgb = Buffer.allocUnsafe(width * height * 3);
	for (let y = 0; y < height; y++) {
		const row = offset + (topDown ? y : height - 1 - y) * stride;
		for (let x = 0; x < width; x++) {
			const d = (y * width + x) * 3;
			if (bpp >= 24) {
				const s = row + x * (bpp / 8);
				rgb[d] = buf[s + 2];
				rgb[d + 1] = buf[s + 1];
				rgb[d + 2] = buf[s];
			} else {
				const bit = x * bpp;
				const idx = (buf[row + (bit >> 3)] >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
				rgb[d] = palette[idx * 4 + 2] || 0;
				rgb[d + 1] = palette[idx * 4 + 1] || 0;
				rgb[d + 2] = palette[idx * 4] || 0;
			}
		}
	}
	return { width, height, rgb };
}

/** { width, height, rgb } or null for WEBP (no decoder: rendered grey). Throws when undecodable. */
function decodePixels(buf, format) {
	if (format === 'png') {
		const png = PNG.sync.read(buf);
		return {
			width: png.width,
			height: png.height,
			rgb: dropAlpha(png.data, png.width * png.height),
		};
	}
	if (format === 'jpeg') {
		const img = jpeg.decode(buf, {
			useTArray: true,
			formatAsRGBA: false,
			maxMemoryUsageInMB: 1024,
		});
		return {
			width: img.width,
			height: img.height,
			rgb: Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length),
		};
	}
	if (format === 'bmp') return decodeBmp(buf);
	return null;
}

module.exports = { sniff, readDims, decodePixels };
