// The header reader against images made by real encoders
// (pngjs, jpeg-js) and against hand-built BMP, WEBP and JPEG headers, including damaged ones.
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

import { MIME_BY_FORMAT, readImageInfo } from '../../../nodes/AlibabaWan/helpers/imageHeader';

// ---------- builders ----------

function pngImage(width, height) {
	const png = new PNG({ width, height });
	png.data.fill(0x80);
	// A fixed filter skips pngjs's per-row filter search, which is very slow under jest.
	return PNG.sync.write(png, { filterType: 0 });
}

function jpegImage(width, height, quality = 75) {
	const data = Buffer.alloc(width * height * 4, 0x60);
	return jpeg.encode({ data, width, height }, quality).data;
}

/** A JPEG marker segment: FF, marker, 16-bit length (payload + 2), payload. */
function segment(marker, payload) {
	const head = Buffer.from([0xff, marker, 0, 0]);
	head.writeUInt16BE(payload.length + 2, 2);
	return Buffer.concat([head, payload]);
}

/** A start-of-frame payload: precision, height, width, components. */
function sofPayload(width, height) {
	const p = Buffer.from([8, 0, 0, 0, 0, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
	p.writeUInt16BE(height, 1);
	p.writeUInt16BE(width, 3);
	return p;
}

const SOI = Buffer.from([0xff, 0xd8]);
const EOI = Buffer.from([0xff, 0xd9]);
const APP0 = segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'));
const DQT = segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)]));
// A DHT whose table bytes contain FF C0 and plausible "dimensions", to catch byte-scanning shortcuts.
const DHT = segment(
	0xc4,
	Buffer.from([0x00, ...Array(16).fill(0), 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10]),
);
const SOS = segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0]));

/** An EXIF APP1 segment carrying a real JPEG thumbnail, whose own SOF0 must not be taken for the image's. */
function exifApp1(thumbnail) {
	const tiff = Buffer.from('MM\0\x2a\0\0\0\x08\0\0', 'latin1');
	return segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff, thumbnail]));
}

function bmpImage({ dibSize = 40, width, height, bitsPerPixel = 24 }) {
	const rowBytes = Math.ceil((Math.abs(width) * bitsPerPixel) / 32) * 4;
	const pixels = Buffer.alloc(rowBytes * Math.abs(height), 0x33);
	const file = Buffer.alloc(14);
	const dib = Buffer.alloc(dibSize);
	file.write('BM', 0, 'latin1');
	file.writeUInt32LE(14 + dibSize + pixels.length, 2);
	file.writeUInt32LE(14 + dibSize, 10);
	dib.writeUInt32LE(dibSize, 0);
	if (dibSize === 12) {
		dib.writeUInt16LE(width, 4);
		dib.writeUInt16LE(height, 6);
		dib.writeUInt16LE(1, 8);
		dib.writeUInt16LE(bitsPerPixel, 10);
	} else {
		dib.writeInt32LE(width, 4);
		dib.writeInt32LE(height, 8);
		dib.writeUInt16LE(1, 12);
		dib.writeUInt16LE(bitsPerPixel, 14);
		if (dibSize >= 40) dib.writeUInt32LE(pixels.length, 20);
	}
	return Buffer.concat([file, dib, pixels]);
}

function riffChunk(fourcc, payload) {
	const head = Buffer.alloc(8);
	head.write(fourcc, 0, 'latin1');
	head.writeUInt32LE(payload.length, 4);
	return Buffer.concat([head, payload, payload.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

function webpFile(...chunks) {
	const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), ...chunks]);
	const head = Buffer.alloc(8);
	head.write('RIFF', 0, 'latin1');
	head.writeUInt32LE(body.length, 4);
	return Buffer.concat([head, body]);
}

/** Lossy: 3-byte frame tag (key frame, shown), start code 9D 01 2A, 14-bit sizes with 2 scale bits on top. */
function vp8Chunk(width, height, { scaleBits = 0, startCode = [0x9d, 0x01, 0x2a] } = {}) {
	const p = Buffer.alloc(10 + 32, 0x5a);
	const tag = (22 << 5) | (1 << 4); // first partition size 22, show_frame, version 0, key frame
	p[0] = tag & 0xff;
	p[1] = (tag >> 8) & 0xff;
	p[2] = (tag >> 16) & 0xff;
	Buffer.from(startCode).copy(p, 3);
	p.writeUInt16LE(width | (scaleBits << 14), 6);
	p.writeUInt16LE(height | (scaleBits << 14), 8);
	return riffChunk('VP8 ', p);
}

/** Lossless: signature 0x2F, then width-1 and height-1 (14 bits each), alpha hint, 3-bit version. */
function vp8lChunk(width, height, { signature = 0x2f } = {}) {
	const p = Buffer.alloc(5 + 16, 0xa5);
	p[0] = signature;
	p.writeUInt32LE(((width - 1) | ((height - 1) << 14) | (1 << 28)) >>> 0, 1);
	return riffChunk('VP8L', p);
}

/** Extended: flags, 3 reserved bytes, then canvas width-1 and height-1 as 24-bit little-endian. */
function vp8xChunk(width, height) {
	const p = Buffer.alloc(10);
	p[0] = 0x10; // alpha flag
	p.writeUIntLE(width - 1, 4, 3);
	p.writeUIntLE(height - 1, 7, 3);
	return riffChunk('VP8X', p);
}

/** Deterministic bytes (xorshift32) so a failure can be replayed. */
function randomBytes(length, seed) {
	let s = seed >>> 0 || 1;
	const out = Buffer.alloc(length);
	for (let i = 0; i < length; i++) {
		s ^= s << 13;
		s >>>= 0;
		s ^= s >>> 17;
		s ^= s << 5;
		s >>>= 0;
		out[i] = s & 0xff;
	}
	return out;
}

/** Calls the reader and reports what happened, turning anything other than a plain Error into a test failure. */
function outcome(data) {
	try {
		return { info: readImageInfo(data) };
	} catch (error) {
		if (!(error instanceof Error) || error.constructor !== Error) throw error;
		if (!/^the (PNG|JPEG|BMP|WEBP) /.test(error.message)) throw error;
		return { error };
	}
}

const info = (format, width, height) => ({
	format,
	mimeType: MIME_BY_FORMAT[format],
	width,
	height,
});

// ---------- tests ----------

describe('MIME_BY_FORMAT', () => {
	test('maps each format to its media type', () => {
		expect(MIME_BY_FORMAT).toEqual({
			jpeg: 'image/jpeg',
			png: 'image/png',
			bmp: 'image/bmp',
			webp: 'image/webp',
		});
	});
});

describe('PNG', () => {
	test.each([
		[1, 1],
		[517, 389],
		[384, 1500],
		[1500, 384],
	])('reads %i×%i from a pngjs image', (width, height) => {
		expect(readImageInfo(pngImage(width, height))).toEqual({
			format: 'png',
			mimeType: 'image/png',
			width,
			height,
		});
	});

	test('reads widths beyond 16 bits', () => {
		const png = pngImage(3, 2);
		png.writeUInt32BE(70000, 16);
		png.writeUInt32BE(0x80000001, 20);
		expect(readImageInfo(png)).toEqual(info('png', 70000, 0x80000001));
	});

	test('accepts a Uint8Array view with an offset, not only a Buffer', () => {
		const png = pngImage(640, 480);
		const padded = new Uint8Array(png.length + 7);
		padded.set(png, 7);
		expect(readImageInfo(padded.subarray(7))).toEqual(info('png', 640, 480));
	});

	test('a header cut anywhere before the IHDR size throws "the PNG header is truncated"', () => {
		const png = pngImage(300, 200);
		for (let n = 4; n < 24; n++) {
			expect(() => readImageInfo(png.subarray(0, n))).toThrow(
				new Error('the PNG header is truncated'),
			);
		}
		expect(readImageInfo(png.subarray(0, 24))).toEqual(info('png', 300, 200));
	});

	test('a signature mangled by a text-mode transfer (CR LF to LF) is reported', () => {
		const png = pngImage(300, 200);
		const mangled = Buffer.concat([png.subarray(0, 4), png.subarray(5)]);
		expect(() => readImageInfo(mangled)).toThrow(/^the PNG signature is damaged/);
	});

	test('a first chunk other than IHDR is reported', () => {
		const png = pngImage(300, 200);
		png.write('IDAT', 12, 'latin1');
		expect(() => readImageInfo(png)).toThrow('the PNG file does not start with an IHDR chunk');
	});

	test('a zero size is reported', () => {
		const png = pngImage(300, 200);
		png.writeUInt32BE(0, 16);
		expect(() => readImageInfo(png)).toThrow('the PNG header gives an invalid size of 0×200 px');
	});
});

describe('JPEG', () => {
	test.each([
		[1, 1],
		[321, 123],
		[640, 480],
		[1000, 400],
	])('reads %i×%i from a jpeg-js (baseline SOF0) image', (width, height) => {
		expect(readImageInfo(jpegImage(width, height))).toEqual({
			format: 'jpeg',
			mimeType: 'image/jpeg',
			width,
			height,
		});
	});

	test('skips an EXIF APP1 segment before the frame header, thumbnail and all', () => {
		const main = jpegImage(800, 600);
		const exif = exifApp1(jpegImage(160, 120));
		const withExif = Buffer.concat([SOI, exif, main.subarray(2)]);
		expect(readImageInfo(withExif)).toEqual(info('jpeg', 800, 600));
	});

	test('reads a hand-built progressive (SOF2) header behind DHT, DAC, fill bytes and standalone markers', () => {
		const file = Buffer.concat([
			SOI,
			APP0,
			DQT,
			DHT,
			segment(0xcc, Buffer.from([0x00, 0x10])), // DAC
			Buffer.from([0xff, 0x01]), // TEM: no length
			Buffer.from([0xff, 0xd3]), // RST3: no length
			segment(0xfe, Buffer.from('made by hand \xff\xc0\x00\x11', 'latin1')), // COM
			Buffer.from([0xff, 0xff, 0xff]), // fill bytes before the next marker
			segment(0xc2, sofPayload(1920, 1080)),
			SOS,
			Buffer.from([0x12, 0xff, 0x00, 0x34]),
			EOI,
		]);
		expect(readImageInfo(file)).toEqual(info('jpeg', 1920, 1080));
	});

	test.each(
		[0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf].map((m) => [
			m.toString(16),
			m,
		]),
	)('takes marker FF %s as a frame header', (_hex, marker) => {
		const file = Buffer.concat([SOI, DQT, segment(marker, sofPayload(1234, 987)), SOS, EOI]);
		expect(readImageInfo(file)).toEqual(info('jpeg', 1234, 987));
	});

	test('does not take DHT (C4), JPG (C8) or DAC (CC) for a frame header', () => {
		const decoys = [0xc4, 0xc8, 0xcc].map((m) => segment(m, sofPayload(11, 22)));
		const file = Buffer.concat([SOI, ...decoys, segment(0xc0, sofPayload(2048, 1536)), SOS, EOI]);
		expect(readImageInfo(file)).toEqual(info('jpeg', 2048, 1536));
	});

	test('steps over stray bytes between segments, as libjpeg and Pillow do, and over a repeated SOI', () => {
		const file = Buffer.concat([
			SOI,
			APP0,
			Buffer.from([0x00, 0x12, 0x34]),
			segment(0xc0, sofPayload(500, 400)),
			EOI,
		]);
		expect(readImageInfo(file)).toEqual(info('jpeg', 500, 400));
		expect(
			readImageInfo(Buffer.concat([SOI, SOI, APP0, segment(0xc0, sofPayload(500, 400))])),
		).toEqual(info('jpeg', 500, 400));
	});

	test('a header cut anywhere before the frame size throws, and not a RangeError', () => {
		const main = jpegImage(800, 600);
		const file = Buffer.concat([SOI, exifApp1(jpegImage(160, 120)), main.subarray(2)]);
		const sofEnd =
			2 + exifApp1(jpegImage(160, 120)).length + (main.indexOf(Buffer.from([0xff, 0xc0])) - 2) + 9;
		for (let n = 2; n < sofEnd; n++) {
			expect(() => readImageInfo(file.subarray(0, n))).toThrow(/^the JPEG header is truncated/);
		}
		expect(readImageInfo(file.subarray(0, sofEnd))).toEqual(info('jpeg', 800, 600));
	});

	test('SOI alone, or SOI and fill bytes, is truncated', () => {
		expect(() => readImageInfo(SOI)).toThrow(/^the JPEG header is truncated/);
		expect(() => readImageInfo(Buffer.concat([SOI, Buffer.alloc(1000, 0xff)]))).toThrow(
			/^the JPEG header is truncated/,
		);
	});

	test('an end of image or a scan before any frame header is reported', () => {
		expect(() => readImageInfo(Buffer.concat([SOI, APP0, EOI]))).toThrow(
			'the JPEG file ends before its frame header',
		);
		expect(() => readImageInfo(Buffer.concat([SOI, DQT, SOS, EOI]))).toThrow(
			'the JPEG file has image data before its frame header',
		);
	});

	test('a segment length below 2 is reported instead of looping', () => {
		for (const length of [0, 1]) {
			const file = Buffer.concat([
				SOI,
				Buffer.from([0xff, 0xe0, 0x00, length]),
				segment(0xc0, sofPayload(9, 9)),
			]);
			expect(() => readImageInfo(file)).toThrow(/^the JPEG file has a damaged segment length/);
		}
	});

	test('a segment length pointing past the end is truncated', () => {
		const file = Buffer.concat([SOI, Buffer.from([0xff, 0xe1, 0xff, 0xf0]), Buffer.alloc(100)]);
		expect(() => readImageInfo(file)).toThrow(/^the JPEG header is truncated/);
	});

	test('a zero height (deferred to a DNL marker) is reported', () => {
		const file = Buffer.concat([SOI, segment(0xc0, sofPayload(640, 0)), EOI]);
		expect(() => readImageInfo(file)).toThrow('the JPEG header gives an invalid size of 640×0 px');
	});

	test('walks 100 000 segments and 10 MB of junk quickly', () => {
		const many = Buffer.concat([
			SOI,
			Buffer.alloc(100000 * 4),
			segment(0xc0, sofPayload(4000, 3000)),
		]);
		for (let i = 0; i < 100000; i++) many.set([0xff, 0xfe, 0x00, 0x02], 2 + i * 4); // empty COM segments
		const junk = Buffer.concat([SOI, Buffer.alloc(10 * 1024 * 1024)]);
		const started = Date.now();
		expect(readImageInfo(many)).toEqual(info('jpeg', 4000, 3000));
		expect(() => readImageInfo(junk)).toThrow(/^the JPEG header is truncated/);
		expect(Date.now() - started).toBeLessThan(2000);
	});
});

describe('BMP', () => {
	test('reads a BITMAPINFOHEADER (40) image', () => {
		expect(readImageInfo(bmpImage({ width: 800, height: 600 }))).toEqual({
			format: 'bmp',
			mimeType: 'image/bmp',
			width: 800,
			height: 600,
		});
	});

	test('takes the absolute value of a negative (top-down) height', () => {
		expect(readImageInfo(bmpImage({ width: 640, height: -480 }))).toEqual(info('bmp', 640, 480));
	});

	test('reads 16-bit sizes from a BITMAPCOREHEADER (12)', () => {
		expect(readImageInfo(bmpImage({ dibSize: 12, width: 300, height: 200 }))).toEqual(
			info('bmp', 300, 200),
		);
		expect(
			readImageInfo(bmpImage({ dibSize: 12, width: 40000, height: 1, bitsPerPixel: 1 })),
		).toEqual(info('bmp', 40000, 1));
	});

	test.each([16, 52, 56, 64, 108, 124])(
		'reads 32-bit sizes from a %i-byte DIB header',
		(dibSize) => {
			expect(
				readImageInfo(bmpImage({ dibSize, width: 70000, height: -2, bitsPerPixel: 1 })),
			).toEqual(info('bmp', 70000, 2));
		},
	);

	test('an unknown DIB header size is reported', () => {
		const bmp = bmpImage({ width: 10, height: 10 });
		bmp.writeUInt32LE(41, 14);
		expect(() => readImageInfo(bmp)).toThrow(
			'the BMP file has an unknown DIB header size of 41 bytes',
		);
	});

	test('a negative width is reported', () => {
		const bmp = bmpImage({ width: 10, height: 10 });
		bmp.writeInt32LE(-10, 18);
		expect(() => readImageInfo(bmp)).toThrow('the BMP header gives an invalid size of -10×10 px');
	});

	test('a header cut before the size throws "the BMP header is truncated"', () => {
		const info40 = bmpImage({ width: 800, height: 600 });
		const core = bmpImage({ dibSize: 12, width: 300, height: 200 });
		for (let n = 2; n < 26; n++) {
			expect(() => readImageInfo(info40.subarray(0, n))).toThrow(
				new Error('the BMP header is truncated'),
			);
		}
		for (let n = 2; n < 22; n++) {
			expect(() => readImageInfo(core.subarray(0, n))).toThrow(
				new Error('the BMP header is truncated'),
			);
		}
		expect(readImageInfo(info40.subarray(0, 26))).toEqual(info('bmp', 800, 600));
		expect(readImageInfo(core.subarray(0, 22))).toEqual(info('bmp', 300, 200));
	});
});

describe('WEBP', () => {
	test('reads a lossy (VP8) header, ignoring the scale bits', () => {
		expect(readImageInfo(webpFile(vp8Chunk(1024, 768)))).toEqual({
			format: 'webp',
			mimeType: 'image/webp',
			width: 1024,
			height: 768,
		});
		expect(readImageInfo(webpFile(vp8Chunk(16383, 400, { scaleBits: 3 })))).toEqual(
			info('webp', 16383, 400),
		);
	});

	test.each([
		[1, 1],
		[1000, 700],
		[16384, 16384],
	])('reads a lossless (VP8L) %i×%i header', (width, height) => {
		expect(readImageInfo(webpFile(vp8lChunk(width, height)))).toEqual(info('webp', width, height));
	});

	test('reads the canvas of an extended (VP8X) file, beyond 14 bits', () => {
		const file = webpFile(
			vp8xChunk(20000, 3000),
			riffChunk('ALPH', Buffer.alloc(5)),
			vp8Chunk(20000 & 0x3fff, 3000),
		);
		expect(readImageInfo(file)).toEqual(info('webp', 20000, 3000));
		expect(readImageInfo(webpFile(vp8xChunk(1 << 24, 1)))).toEqual(info('webp', 1 << 24, 1));
	});

	test('a lossy frame without its start code is reported', () => {
		expect(() =>
			readImageInfo(webpFile(vp8Chunk(10, 10, { startCode: [0x9d, 0x01, 0x2b] }))),
		).toThrow('the WEBP lossy frame has no VP8 start code');
	});

	test('a lossless frame without its signature is reported', () => {
		expect(() => readImageInfo(webpFile(vp8lChunk(10, 10, { signature: 0x2e })))).toThrow(
			'the WEBP lossless frame has no VP8L signature',
		);
	});

	test('an unknown first chunk is reported', () => {
		expect(() => readImageInfo(webpFile(riffChunk('ALPH', Buffer.alloc(20))))).toThrow(
			'the WEBP file starts with an unknown chunk "ALPH"',
		);
		expect(() => readImageInfo(webpFile(riffChunk('\x00\x01VP', Buffer.alloc(20))))).toThrow(
			'the WEBP file starts with an unknown chunk "??VP"',
		);
	});

	test('a header cut before the size throws "the WEBP header is truncated"', () => {
		const cases = [
			[webpFile(vp8Chunk(1024, 768)), 30, info('webp', 1024, 768)],
			[webpFile(vp8lChunk(1000, 700)), 25, info('webp', 1000, 700)],
			[webpFile(vp8xChunk(5000, 3000)), 30, info('webp', 5000, 3000)],
		];
		for (const [file, needed, expected] of cases) {
			// Below 12 bytes the RIFF form type is unknown (WAV, AVI...), so the data is not recognised at all.
			for (let n = 0; n < 12; n++) expect(readImageInfo(file.subarray(0, n))).toBeUndefined();
			for (let n = 12; n < needed; n++) {
				expect(() => readImageInfo(file.subarray(0, n))).toThrow(
					new Error('the WEBP header is truncated'),
				);
			}
			expect(readImageInfo(file.subarray(0, needed))).toEqual(expected);
		}
	});
});

describe('unsupported and random data', () => {
	test.each([
		['GIF89a', Buffer.from('GIF89a\x80\x02\xe0\x01\xf7\x00\x00', 'latin1')],
		['GIF87a', Buffer.from('GIF87a\x01\x00\x01\x00\x00\x00\x00', 'latin1')],
		['TIFF little-endian', Buffer.from('II*\x00\x08\x00\x00\x00\x00\x00', 'latin1')],
		['TIFF big-endian', Buffer.from('MM\x00*\x00\x00\x00\x08\x00\x00', 'latin1')],
		['HEIC', Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic', 'latin1')],
		['AVIF', Buffer.from('\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf', 'latin1')],
		['RIFF WAVE', Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00', 'latin1')],
		['PDF', Buffer.from('%PDF-1.7\n', 'latin1')],
		['text', Buffer.from('<html><body>Not found</body></html>', 'latin1')],
		['empty', Buffer.alloc(0)],
		['one byte of a PNG', Buffer.from([0x89])],
		['random bytes', randomBytes(4096, 12345)],
	])('%s is not recognised', (_name, data) => {
		expect(readImageInfo(data)).toBeUndefined();
	});

	test('random data returns undefined, a plain Error, or a sane size; never anything else', () => {
		const magics = [
			Buffer.alloc(0),
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
			Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR', 'latin1'),
			Buffer.from([0xff, 0xd8]),
			Buffer.from([0xff, 0xd8, 0xff]),
			Buffer.from('BM', 'latin1'),
			Buffer.from('RIFF\0\0\0\0WEBP', 'latin1'),
			Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'),
			Buffer.from('RIFF\0\0\0\0WEBPVP8L', 'latin1'),
			Buffer.from('RIFF\0\0\0\0WEBPVP8X', 'latin1'),
		];
		let seed = 1;
		for (const magic of magics) {
			for (let round = 0; round < 400; round++) {
				const tail = randomBytes((round * 7) % 300, seed++);
				const result = outcome(Buffer.concat([magic, tail]));
				if (result.info) {
					expect(['jpeg', 'png', 'bmp', 'webp']).toContain(result.info.format);
					expect(result.info.mimeType).toBe(MIME_BY_FORMAT[result.info.format]);
					expect(Number.isInteger(result.info.width) && result.info.width > 0).toBe(true);
					expect(Number.isInteger(result.info.height) && result.info.height > 0).toBe(true);
				}
			}
		}
	});

	test('every prefix of every sample image gives undefined, a plain Error, or the full image size', () => {
		const samples = [
			[pngImage(33, 44), info('png', 33, 44)],
			[jpegImage(55, 66), info('jpeg', 55, 66)],
			[
				Buffer.concat([SOI, exifApp1(jpegImage(16, 8)), jpegImage(77, 88).subarray(2)]),
				info('jpeg', 77, 88),
			],
			[bmpImage({ width: 99, height: -11 }), info('bmp', 99, 11)],
			[bmpImage({ dibSize: 12, width: 12, height: 13 }), info('bmp', 12, 13)],
			[webpFile(vp8Chunk(14, 15)), info('webp', 14, 15)],
			[webpFile(vp8lChunk(16, 17)), info('webp', 16, 17)],
			[webpFile(vp8xChunk(18, 19), vp8Chunk(18, 19)), info('webp', 18, 19)],
		];
		for (const [file, expected] of samples) {
			for (let n = 0; n <= file.length; n++) {
				const result = outcome(file.subarray(0, n));
				if (result.info) expect(result.info).toEqual(expected);
			}
			expect(readImageInfo(file)).toEqual(expected);
		}
	});
});
