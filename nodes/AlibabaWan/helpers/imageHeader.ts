/**
 * Identifies the four image formats the service accepts and reads their pixel size from the
 * header alone, so a wrong or oversized image is refused before any paid request. No decoder
 * and no imports: the package ships without runtime dependencies.
 */

export type ImageFormat = 'jpeg' | 'png' | 'bmp' | 'webp';

export interface ImageInfo {
	format: ImageFormat;
	mimeType: string;
	width: number;
	height: number;
}

export const MIME_BY_FORMAT: Record<ImageFormat, string> = {
	jpeg: 'image/jpeg',
	png: 'image/png',
	bmp: 'image/bmp',
	webp: 'image/webp',
};

const LABEL: Record<ImageFormat, string> = { jpeg: 'JPEG', png: 'PNG', bmp: 'BMP', webp: 'WEBP' };

/** Every read is preceded by this, so short input fails with a message instead of NaN sizes. */
function need(data: Uint8Array, end: number, format: ImageFormat): void {
	if (data.length < end) throw new Error(`the ${LABEL[format]} header is truncated`);
}

function startsWith(data: Uint8Array, bytes: readonly number[], at = 0): boolean {
	if (data.length < at + bytes.length) return false;
	return bytes.every((byte, i) => data[at + i] === byte);
}

function ascii(text: string): number[] {
	return Array.from(text, (c) => c.charCodeAt(0));
}

const u16be = (d: Uint8Array, i: number): number => (d[i] << 8) | d[i + 1];
const u16le = (d: Uint8Array, i: number): number => d[i] | (d[i + 1] << 8);
const u24le = (d: Uint8Array, i: number): number => d[i] | (d[i + 1] << 8) | (d[i + 2] << 16);
// Multiplication, not `<< 24`, keeps values of 2^31 and above positive.
const u32be = (d: Uint8Array, i: number): number =>
	d[i] * 0x1000000 + ((d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3]);
const i32le = (d: Uint8Array, i: number): number =>
	d[i] | (d[i + 1] << 8) | (d[i + 2] << 16) | (d[i + 3] << 24);

function result(format: ImageFormat, width: number, height: number): ImageInfo {
	if (!(width > 0 && height > 0)) {
		throw new Error(`the ${LABEL[format]} header gives an invalid size of ${width}×${height} px`);
	}
	return { format, mimeType: MIME_BY_FORMAT[format], width, height };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function readPng(data: Uint8Array): ImageInfo {
	need(data, 8, 'png');
	// The signature's CR LF / LF / EOF bytes exist to detect text-mode transfers, which break the file.
	if (!startsWith(data, PNG_SIGNATURE)) {
		throw new Error('the PNG signature is damaged (was the file transferred as text?)');
	}
	need(data, 24, 'png');
	if (!startsWith(data, ascii('IHDR'), 12))
		throw new Error('the PNG file does not start with an IHDR chunk');
	return result('png', u32be(data, 16), u32be(data, 20));
}

/** SOFn markers carry the frame size; C4 (DHT), C8 (reserved JPG) and CC (DAC) share the range but do not. */
function isStartOfFrame(marker: number): boolean {
	return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function readJpeg(data: Uint8Array): ImageInfo {
	const end = data.length;
	let i = 2;
	// Every pass moves `i` forward by at least one byte, so damaged lengths cannot loop forever.
	for (;;) {
		// Decoders such as libjpeg and Pillow skip stray bytes before a marker; do the same.
		while (i < end && data[i] !== 0xff) i++;
		// Any number of 0xFF fill bytes may precede the marker code.
		while (i < end && data[i] === 0xff) i++;
		if (i >= end) throw new Error('the JPEG header is truncated (no frame header found)');
		const marker = data[i++];
		// Standalone markers have no length field: TEM, RST0–7, and a repeated SOI.
		if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue;
		if (marker === 0x00) continue; // a stuffed 0xFF 0x00 is data, not a marker
		if (marker === 0xd9) throw new Error('the JPEG file ends before its frame header');
		if (marker === 0xda) throw new Error('the JPEG file has image data before its frame header');
		need(data, i + 2, 'jpeg');
		const length = u16be(data, i);
		if (length < 2) throw new Error(`the JPEG file has a damaged segment length at byte ${i}`);
		if (isStartOfFrame(marker)) {
			// Segment: length (2), sample precision (1), height (2), width (2).
			need(data, i + 7, 'jpeg');
			return result('jpeg', u16be(data, i + 5), u16be(data, i + 3));
		}
		i += length;
	}
}

/** DIB header sizes in real use: OS/2 1.x core (12), OS/2 2.x (16, 64), Windows v1–v5 (40, 52, 56, 108, 124). */
const BMP_DIB_SIZES = [12, 16, 40, 52, 56, 64, 108, 124];

function readBmp(data: Uint8Array): ImageInfo {
	need(data, 18, 'bmp');
	const dibSize = i32le(data, 14);
	if (!BMP_DIB_SIZES.includes(dibSize))
		throw new Error(`the BMP file has an unknown DIB header size of ${dibSize} bytes`);
	if (dibSize === 12) {
		need(data, 22, 'bmp');
		return result('bmp', u16le(data, 18), u16le(data, 20));
	}
	need(data, 26, 'bmp');
	// A negative height marks a top-down bitmap; the size is its absolute value.
	return result('bmp', i32le(data, 18), Math.abs(i32le(data, 22)));
}

function readWebp(data: Uint8Array): ImageInfo {
	need(data, 20, 'webp');
	// The first chunk decides the layout: simple lossy, simple lossless, or extended.
	const chunk = String.fromCharCode(data[12], data[13], data[14], data[15]);
	if (chunk === 'VP8 ') {
		// Payload at 20: 3-byte frame tag, start code 9D 01 2A, then 14-bit width and height (2 scale bits above).
		need(data, 30, 'webp');
		if (!startsWith(data, [0x9d, 0x01, 0x2a], 23))
			throw new Error('the WEBP lossy frame has no VP8 start code');
		return result('webp', u16le(data, 26) & 0x3fff, u16le(data, 28) & 0x3fff);
	}
	if (chunk === 'VP8L') {
		// Payload at 20: signature 0x2F, then width-1 and height-1 as two 14-bit fields, little-endian.
		need(data, 25, 'webp');
		if (data[20] !== 0x2f) throw new Error('the WEBP lossless frame has no VP8L signature');
		const bits = u16le(data, 21) + u16le(data, 23) * 0x10000;
		return result('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
	}
	if (chunk === 'VP8X') {
		// Payload at 20: flags (1), reserved (3), canvas width-1 and height-1 as 24-bit little-endian.
		need(data, 30, 'webp');
		return result('webp', u24le(data, 24) + 1, u24le(data, 27) + 1);
	}
	throw new Error(
		`the WEBP file starts with an unknown chunk "${chunk.replace(/[^\x20-\x7e]/g, '?')}"`,
	);
}

/**
 * The format by magic bytes alone, or undefined when the bytes are not one of the four (GIF,
 * HEIC, TIFF, HTML and others included). The first 12 bytes suffice.
 */
export function imageFormat(data: Uint8Array): ImageFormat | undefined {
	// Four bytes suffice to recognise PNG; the rest of its signature is checked for damage.
	if (startsWith(data, PNG_SIGNATURE.slice(0, 4))) return 'png';
	if (startsWith(data, [0xff, 0xd8])) return 'jpeg';
	if (startsWith(data, ascii('BM'))) return 'bmp';
	// RIFF is also WAV and AVI, so WEBP needs its form type too.
	if (startsWith(data, ascii('RIFF')) && startsWith(data, ascii('WEBP'), 8)) return 'webp';
	return undefined;
}

const READERS: Record<ImageFormat, (data: Uint8Array) => ImageInfo> = {
	png: readPng,
	jpeg: readJpeg,
	bmp: readBmp,
	webp: readWebp,
};

/**
 * Identify by magic bytes and read pixel dimensions from the header. Returns undefined when the
 * bytes are not one of the four formats, so the caller can say "unsupported format"; throws an
 * Error saying what is wrong when the format is recognised but its header cannot be read.
 */
export function readImageInfo(data: Uint8Array): ImageInfo | undefined {
	const format = imageFormat(data);
	return format && READERS[format](data);
}
