'use strict';

// Checks a create body against the document's table and returns a normalized task spec.
// Images are only checked for shape here; inputs.js loads and inspects them.
const { MODELS, ROUTES, CREATE_LIMITS: L, ERRORS, DEFAULT_OUTPUT, CHOICES } = require('./facts');
const { ApiError } = require('./errors');
const { extractDirectives } = require('./directives');
const { validateMessages } = require('./messages');
const { invalid, isObject, cut, integerIn, booleanOr, budgetSize } = require('./params');

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

/** "W*H" -> { width, height } within the pixel and aspect bounds. */
function parseSize(value) {
	const m = typeof value === 'string' ? /^\s*(\d{1,5})\s*\*\s*(\d{1,5})\s*$/.exec(value) : null;
	if (!m)
		throw invalid(
			`Parameter 'parameters.size' must look like "1280*1280", got ${JSON.stringify(value)}.`,
		);
	const width = Number(m[1]);
	const height = Number(m[2]);
	const pixels = width * height;
	if (pixels < L.minPixels || pixels > L.maxPixels) {
		throw invalid(
			`Parameter 'parameters.size' ${value} has ${pixels} pixels; width*height must be within [${L.minPixels}, ${L.maxPixels}].`,
		);
	}
	if (Math.max(width / height, height / width) > L.maxAspect) {
		throw invalid(
			`Parameter 'parameters.size' ${value} has an aspect ratio outside [1:${L.maxAspect}, ${L.maxAspect}:1].`,
		);
	}
	return { width, height };
}

/**
 * Output size when `size` is omitted: about targetPixels with the aspect ratio of the last input,
 * each side rounded DOWN to a multiple of 16 (CHOICE), aspect clamped to [1:4, 4:1].
 */
function defaultOutputSize(inputWidth, inputHeight) {
	return budgetSize(DEFAULT_OUTPUT.targetPixels, inputWidth, inputHeight, L.maxAspect);
}

function requiredString(value, name) {
	if (typeof value !== 'string' || value.trim() === '')
		throw invalid(`Required parameter '${name}' missing or invalid.`);
	return value;
}

/** -> spec: { model, modelFacts, prompt, negativePrompt, directives, images[], extraImages[], n, size, seed, promptExtend, watermark, fn } */
function validateCreate(body, region, api = 'synthesis') {
	if (body.model === undefined) throw invalid("Required parameter 'model' missing or invalid.");
	if (typeof body.model !== 'string' || !body.model)
		throw invalid("Parameter 'model' must be a non-empty string.");
	const modelFacts = MODELS[body.model];
	if (!modelFacts || !modelFacts.regions.includes(region)) throw new ApiError(ERRORS.modelNotFound);
	if (modelFacts.route !== api) {
		throw new ApiError(
			ERRORS[CHOICES.wrongRouteAs],
			`Model ${body.model} is not served by this endpoint: use POST ${ROUTES[modelFacts.route]}.`,
		);
	}
	const input = body.input;
	if (!isObject(input)) throw invalid("Required parameter 'input' missing or invalid.");
	if (modelFacts.kind === 'messages')
		return {
			model: body.model,
			modelFacts,
			fn: null,
			extraImages: [],
			...validateMessages(body, modelFacts),
		};
	const rawPrompt = requiredString(input.prompt, 'input.prompt');
	if (
		input.negative_prompt !== undefined &&
		input.negative_prompt !== null &&
		typeof input.negative_prompt !== 'string'
	) {
		throw invalid("Parameter 'input.negative_prompt' must be a string.");
	}
	const parameters =
		body.parameters === undefined || body.parameters === null ? {} : body.parameters;
	if (!isObject(parameters)) throw invalid("Parameter 'parameters' must be a JSON object.");

	let images;
	const extraImages = [];
	let fn = null;
	if (modelFacts.kind === 'wan25') {
		if (input.images === undefined)
			throw invalid("Required parameter 'input.images' missing or invalid.");
		if (
			!Array.isArray(input.images) ||
			input.images.length < modelFacts.minImages ||
			input.images.length > modelFacts.maxImages
		) {
			throw invalid(
				`Parameter 'input.images' must be a list of ${modelFacts.minImages} to ${modelFacts.maxImages} images.`,
			);
		}
		images = input.images.map((entry, i) => ({ name: `input.images[${i}]`, value: entry }));
	} else {
		fn = requiredString(input.function, 'input.function');
		if (!modelFacts.functions.includes(fn))
			throw invalid(
				`Parameter 'input.function' must be one of ${modelFacts.functions.join(', ')}.`,
			);
		images = [
			{
				name: 'input.base_image_url',
				value: requiredString(input.base_image_url, 'input.base_image_url'),
			},
		];
		if (modelFacts.functionsNeedingMask.includes(fn)) {
			extraImages.push({
				name: 'input.mask_image_url',
				value: requiredString(input.mask_image_url, 'input.mask_image_url'),
			});
		}
	}

	const n = integerIn(parameters.n, 'parameters.n', L.nMin, L.nMax, modelFacts.nDefault);
	const seed = integerIn(parameters.seed, 'parameters.seed', 0, L.seedMax, null);
	const size =
		modelFacts.kind === 'wan25' && parameters.size !== undefined && parameters.size !== null
			? parseSize(parameters.size)
			: null;
	const directives = extractDirectives(rawPrompt);
	return {
		model: body.model,
		modelFacts,
		fn,
		prompt: cut(directives.text, L.promptChars),
		negativePrompt:
			typeof input.negative_prompt === 'string'
				? cut(input.negative_prompt, L.negativePromptChars)
				: null,
		directives,
		images,
		extraImages,
		n,
		size,
		seed,
		promptExtend: booleanOr(
			parameters.prompt_extend,
			'parameters.prompt_extend',
			L.promptExtendDefault,
		),
		watermark: booleanOr(parameters.watermark, 'parameters.watermark', L.watermarkDefault),
	};
}

module.exports = { parseJsonBody, validateCreate, defaultOutputSize, parseSize, cut };
