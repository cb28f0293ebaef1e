'use strict';

// Turns the image entries of a create (data URIs or loopback URLs) into checked, stored images.
const { CREATE_LIMITS, ERRORS, MB, CHOICES } = require('./facts');
const { ApiError } = require('./errors');
const { download } = require('./download');
const { sniff, readDims } = require('./images');

const invalid = (message) => new ApiError(ERRORS.invalid, message);
const BASE64_JUNK = /[^A-Za-z0-9+/=\r\n]/;

function fromDataUri(text, name) {
	const comma = text.indexOf(',');
	if (comma < 0) throw invalid(`${name} is not a valid data URI (no comma).`);
	const params = text
		.slice(5, comma)
		.split(';')
		.map((p) => p.trim().toLowerCase());
	const mime = params[0];
	if (!params.includes('base64'))
		throw invalid(`${name} must be a base64 data URI: data:{mime};base64,{data}.`);
	if (!CREATE_LIMITS.mimeTypes.includes(mime)) {
		throw invalid(
			`${name} has the mime type "${mime}"; supported: ${CREATE_LIMITS.mimeTypes.join(', ')}.`,
		);
	}
	const data = text.slice(comma + 1);
	if (!data.length || BASE64_JUNK.test(data))
		throw invalid(`${name} does not hold valid base64 data.`);
	const buffer = Buffer.from(data, 'base64');
	buffer.declaredMime = mime; // checked against the bytes in inspect() when CHOICES say so
	return buffer;
}

async function fetchBytes(entry, maxBytes) {
	const { name, value } = entry;
	if (typeof value !== 'string' || !value)
		throw invalid(`${name} must be an http(s) URL or a data URI.`);
	if (/^data:/i.test(value)) return fromDataUri(value, name);
	if (!/^https?:\/\//i.test(value)) throw invalid(`${name} must be an http(s) URL or a data URI.`);
	let got;
	try {
		got = await download(value, maxBytes);
	} catch (e) {
		throw new ApiError(
			ERRORS.downloadFailed,
			`Failed to download ${name} during the data inspection process: ${e.message}.`,
		);
	}
	if (got.tooLarge) throw invalid(`${name} is larger than ${maxBytes / MB} MB.`);
	return got.buffer;
}

/** Checks bytes against the model's limits -> { buffer, format, width, height }. */
function inspect(buffer, name, limits) {
	if (buffer.length > limits.maxBytes)
		throw invalid(
			`${name} is ${buffer.length} bytes; at most ${limits.maxBytes / MB} MB is allowed.`,
		);
	const format = sniff(buffer);
	if (!format)
		throw new ApiError(
			ERRORS.unsupportedFormat,
			`${name}: the file format is not supported; use JPEG, PNG, BMP or WEBP.`,
		);
	if (
		CHOICES.dataUriMimeMustMatchBytes &&
		buffer.declaredMime &&
		buffer.declaredMime !== `image/${format}`
	) {
		throw invalid(
			`${name} is declared as ${buffer.declaredMime} but holds ${format.toUpperCase()} data.`,
		);
	}
	// IHDR colour types 4 and 6 carry alpha.
	if (
		CHOICES.pngAlpha === 'rejected' &&
		format === 'png' &&
		(buffer[25] === 4 || buffer[25] === 6)
	) {
		throw invalid(`${name} is a PNG with an alpha channel, which is not supported.`);
	}
	let dims;
	try {
		dims = readDims(buffer, format);
	} catch (e) {
		throw invalid(`${name} could not be read as an image: ${e.message}.`);
	}
	const { minSide, maxSide } = limits;
	if (
		dims.width < minSide ||
		dims.height < minSide ||
		dims.width > maxSide ||
		dims.height > maxSide
	) {
		throw invalid(
			`${name} is ${dims.width}x${dims.height} px; width and height must each be within [${minSide}, ${maxSide}].`,
		);
	}
	const { maxAspect } = limits;
	if (maxAspect && Math.max(dims.width / dims.height, dims.height / dims.width) > maxAspect)
		throw invalid(
			`${name} is ${dims.width}x${dims.height} px; its aspect ratio must be within [1:${maxAspect}, ${maxAspect}:1].`,
		);
	return { buffer, format, width: dims.width, height: dims.height };
}

/**
 * Loads every image of a spec. With strictDecode the pixels are decoded now (once per distinct
 * content) so a damaged file is refused at create time, as the real inspection would.
 * -> [{ hash, format, width, height }] in input order; the store holds the bytes.
 */
async function loadImages(spec, store, strictDecode) {
	const limits = spec.modelFacts.image;
	const entries = spec.images.concat(spec.extraImages);
	const buffers = await Promise.all(entries.map((entry) => fetchBytes(entry, limits.maxBytes)));
	const checked = buffers.map((buf, i) => inspect(buf, entries[i].name, limits));
	const hashes = [];
	try {
		for (const [i, img] of checked.entries()) {
			const hash = store.put(img.buffer, img.format, img.width, img.height);
			hashes.push(hash);
			if (strictDecode) {
				try {
					store.pixels(hash);
				} catch (e) {
					throw invalid(`${entries[i].name} could not be decoded: ${e.message}.`);
				}
			}
		}
	} catch (e) {
		hashes.forEach((h) => store.release(h));
		throw e;
	}
	const all = checked.map((img, i) => ({
		hash: hashes[i],
		format: img.format,
		width: img.width,
		height: img.height,
	}));
	return { images: all.slice(0, spec.images.length), extra: all.slice(spec.images.length) };
}

module.exports = { loadImages, fromDataUri, inspect };
