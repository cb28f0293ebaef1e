'use strict';

// Checks a create body against the document's table and returns a normalized task spec.
// Images are only checked for shape here; inputs.js loads and inspects them.
const { MODELS, ROUTES, CREATE_LIMITS: L, ERRORS, DEFAULT_OUTPUT, CHOICES } = require('./facts');
const { ApiError } = require('./errors');
const { extractDirectives } = require('./directives');
const { validateMessages } = require('./messages');

const invalid = (message) => new ApiError(ERRORS.invalid, message);
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function parseJsonBody(buf) {
	if (!buf.length) throw invalid('The request body is empty: a JSON object is required.');
	let body;
	try {
		body = JSON.parse(buf.toString('utf8'));
	} catch (e) {
		throw invalid(`The request body is not valid JSON: ${e.message}`);
	}
	if (!isObject(body)) throw invalid('The request body must be a JSON object.');
	return body;
}

/** The service silently cuts over-long text; it counts characters as code points (CHOICE). */
function cut(text, max) {
	if (text.length <= max) return text;
	if (!L.countCodePoints) return text.slice(0, max);
	const points = Array.from(text);
	return points.length <= max ? text : points.slice(0, max).join('');
}

function integerIn(value, name, min, max) {
	if (!Number.isInteger(value) || value < min || value > max) {
		throw invalid(`Parameter '${name}' must be an integer within [${min}, ${max}], got ${JSON.stringify(value)}.`);
	}
	return value;
}

function booleanOr(value, name, fallback) {
	if (value === undefined || value === null) return fallback;
	if (typeof value !== 'boolean') throw invalid(`Parameter '${name}' must be a boolean, got ${JSON.stringify(value)}.`);
	return value;
}

/** "W*H" -> { width, height } within the pixel and aspect bounds. */
function parseSize(value) {
	const m = typeof value === 'string' ? /^\s*(\d{1,5})\s*\*\s*(\d{1,5})\s*$/.exec(value) : null;
	if (!m) throw invalid(`Parameter 'parameters.size' must look like "1280*1280", got ${JSON.stringify(value)}.`);
	const width = Number(m[1]);
	const height = Number(m[2]);
	const pixels = width * height;
	if (pixels < L.minPixels || pixels > L.maxPixels) {
		throw invalid(`Parameter 'parameters.size' ${value} has ${pixels} pixels; width*height must be within [${L.minPixels}, ${L.maxPixels}].`);
	}
	if (Math.max(width / height, height / width) > L.maxAspect) {
		throw invalid(`Parameter 'parameters.size' ${value} has an aspect ratio outside [1:${L.maxAspect}, ${L.maxAspect}:1].`);
	}
	return { width, height };
}

/**
 * Output size when `size` is omitted: about targetPixels with the aspect ratio of the last input,
 * each side rounded DOWN to a multiple of 16 (CHOICE), aspect clamped to [1:4, 4:1].
 */
function defaultOutputSize(inputWidth, inputHeight) {
	const aspect = Math.min(L.maxAspect, Math.max(1 / L.maxAspect, inputWidth / inputHeight));
	const step = DEFAULT_OUTPUT.multiple;
	const width = Math.floor(Math.sqrt(DEFAULT_OUTPUT.targetPixels * aspect) / step) * step;
	const height = Math.floor(Math.sqrt(DEFAULT_OUTPUT.targetPixels / aspect) / step) * step;
	return { width, height };
}

function requiredString(value, name) {
	if (typeof value !== 'string' || value.trim() === '') throw invalid(`Required parameter '${name}' missing or invalid.`);
	return value;
}

/** -> spec: { model, modelFacts, prompt, negativePrompt, directives, images[], extraImages[], n, size, seed, promptExtend, watermark, fn } */
function validateCreate(body, region, api = 'synthesis') {
	if (body.model === undefined) throw invalid("Required parameter 'model' missing or invalid.");
	if (typeof body.model !== 'string' || !body.model) throw invalid("Parameter 'model' must be a non-empty string.");
	const modelFacts = MODELS[body.model];
	if (!modelFacts || !modelFacts.regions.includes(region)) throw new ApiError(ERRORS.modelNotFound);
	if (modelFacts.route !== api) {
		throw new ApiError(ERRORS[CHOICES.wrongRouteAs], `Model ${body.model} is not served by this endpoint: use POST ${ROUTES[modelFacts.route]}.`);
	}
	const input = body.input;
	if (!isObject(input)) throw invalid("Required parameter 'input' missing or invalid.");
	if (modelFacts.kind === 'messages') return { model: body.model, modelFacts, fn: null, extraImages: [], ...validateMessages(body, modelFacts, cut) };
	const rawPrompt = requiredString(input.prompt, 'input.prompt');
	if (input.negative_prompt !== undefined && input.negative_prompt !== null && typeof input.negative_prompt !== 'string') {
		throw invalid("Parameter 'input.negative_prompt' must be a string.");
	}
	const parameters = body.parameters === undefined || body.parameters === null ? {} : body.parameters;
	if (!isObject(parameters)) throw invalid("Parameter 'parameters' must be a JSON object.");

	let images;
	const extraImages = [];
	let fn = null;
	if (modelFacts.kind === 'wan25') {
		if (input.images === undefined) throw invalid("Required parameter 'input.images' missing or invalid.");
		if (!Array.isArray(input.images) || input.images.length < modelFacts.minImages || input.images.length > modelFacts.maxImages) {
			throw invalid(`Parameter 'input.images' must be a list of ${modelFacts.minImages} to ${modelFacts.maxImages} images.`);
		}
		images = input.images.map((entry, i) => ({ name: `input.images[${i}]`, value: entry }));
	} else {
		fn = requiredString(input.function, 'input.function');
		if (!modelFacts.functions.includes(fn)) throw invalid(`Parameter 'input.function' must be one of ${modelFacts.functions.join(', ')}.`);
		images = [{ name: 'input.base_image_url', value: requiredString(input.base_image_url, 'input.base_image_url') }];
		if (modelFacts.functionsNeedingMask.includes(fn)) {
			extraImages.push({ name: 'input.mask_image_url', value: requiredString(input.mask_image_url, 'input.mask_image_url') });
		}
	}

	const n = parameters.n === undefined || parameters.n === null ? modelFacts.nDefault : integerIn(parameters.n, 'parameters.n', L.nMin, L.nMax);
	const seed = parameters.seed === undefined || parameters.seed === null ? null : integerIn(parameters.seed, 'parameters.seed', 0, L.seedMax);
	const size = modelFacts.kind === 'wan25' && parameters.size !== undefined && parameters.size !== null ? parseSize(parameters.size) : null;
	const directives = extractDirectives(rawPrompt);
	return {
		model: body.model,
		modelFacts,
		fn,
		prompt: cut(directives.text, L.promptChars),
		negativePrompt: typeof input.negative_prompt === 'string' ? cut(input.negative_prompt, L.negativePromptChars) : null,
		directives,
		images,
		extraImages,
		n,
		size,
		seed,
		promptExtend: booleanOr(parameters.prompt_extend, 'parameters.prompt_extend', L.promptExtendDefault),
		watermark: booleanOr(parameters.watermark, 'parameters.watermark', L.watermarkDefault),
	};
}

module.exports = { parseJsonBody, validateCreate, defaultOutputSize, parseSize, cut };
