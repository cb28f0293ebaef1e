'use strict';

// The create body of the image-generation route (Wan 2.6 / 2.7): one user message whose content
// holds exactly one text and the images in order, and the parameters of the model.
const { CREATE_LIMITS: L } = require('./facts');
const { extractDirectives } = require('./directives');
const { invalid, isObject, cut, integerIn, booleanOr } = require('./params');

/** -> [{ text } | { image }] of the single user message. */
function contentOf(input) {
	const messages = input.messages;
	if (!Array.isArray(messages) || messages.length === 0)
		throw invalid("Required parameter 'input.messages' missing or invalid.");
	if (messages.length !== 1)
		throw invalid(
			"Parameter 'input.messages' must hold exactly one message: only single-turn conversations are supported.",
		);
	const [message] = messages;
	if (!isObject(message) || message.role !== 'user')
		throw invalid("Parameter 'input.messages[0].role' must be 'user'.");
	if (!Array.isArray(message.content))
		throw invalid("Required parameter 'input.messages[0].content' missing or invalid.");
	return message.content.map((part, i) => {
		const name = `input.messages[0].content[${i}]`;
		const keys = isObject(part) ? Object.keys(part) : [];
		if (keys.length !== 1 || !['text', 'image'].includes(keys[0]))
			throw invalid(`Parameter '${name}' must be {"text": ...} or {"image": ...}.`);
		if (typeof part[keys[0]] !== 'string')
			throw invalid(`Parameter '${name}.${keys[0]}' must be a string.`);
		return { name: `${name}.${keys[0]}`, key: keys[0], value: part[keys[0]] };
	});
}

/** "1K" / "2K" (a pixel budget) or "W*H" -> { width, height } or { budget }. */
function sizeOf(value, facts, model) {
	const name = 'parameters.size';
	if (value === undefined || value === null)
		return { budget: facts.sizePresets[facts.sizeDefault] };
	if (typeof value !== 'string')
		throw invalid(`Parameter '${name}' must be a string, got ${JSON.stringify(value)}.`);
	if ((facts.textOnlySizes || []).includes(value))
		throw invalid(
			`Parameter '${name}' ${value} is for text-to-image only: image editing takes at most 2K.`,
		);
	if (facts.sizePresets[value]) return { budget: facts.sizePresets[value] };
	const m = /^(\d{1,5})\*(\d{1,5})$/.exec(value);
	if (!m)
		throw invalid(
			`Parameter '${name}' must be ${Object.keys(facts.sizePresets).join(', ')} or "W*H" for ${model}, got ${JSON.stringify(value)}.`,
		);
	const width = Number(m[1]);
	const height = Number(m[2]);
	const pixels = width * height;
	if (pixels < facts.minPixels || pixels > facts.maxPixels) {
		throw invalid(
			`Parameter '${name}' ${value} has ${pixels} pixels; width*height must be within [${facts.minPixels}, ${facts.maxPixels}].`,
		);
	}
	if (Math.max(width / height, height / width) > facts.maxAspect)
		throw invalid(
			`Parameter '${name}' ${value} has an aspect ratio outside [1:${facts.maxAspect}, ${facts.maxAspect}:1].`,
		);
	return { width, height };
}

function checkBoxes(value, imageCount) {
	const name = 'parameters.bbox_list';
	const isBox = (b) =>
		Array.isArray(b) &&
		b.length === 4 &&
		b.every((v) => Number.isInteger(v) && v >= 0) &&
		b[0] < b[2] &&
		b[1] < b[3];
	if (
		!Array.isArray(value) ||
		value.length !== imageCount ||
		!value.every((boxes) => Array.isArray(boxes) && boxes.every(isBox))
	) {
		throw invalid(
			`Parameter '${name}' must hold one list of [x1, y1, x2, y2] boxes per input image (${imageCount}).`,
		);
	}
	return value;
}

/** -> the fields of a task spec that differ from Wan 2.5's (validate.js adds model facts). */
function validateMessages(body, facts) {
	const content = contentOf(body.input);
	const texts = content.filter((part) => part.key === 'text');
	if (texts.length !== 1 || !texts[0].value.trim())
		throw invalid(
			"Parameter 'input.messages[0].content' must contain exactly one non-empty text object.",
		);
	const images = content
		.filter((part) => part.key === 'image')
		.map(({ name, value }) => ({ name, value }));
	if (images.length === 0)
		throw invalid(
			'Text-to-image (no image in the content) is not emulated: send 1 or more images.',
		);
	if (images.length < facts.minImages || images.length > facts.maxImages) {
		throw invalid(
			`Parameter 'input.messages[0].content' must hold ${facts.minImages} to ${facts.maxImages} images for ${body.model}, got ${images.length}.`,
		);
	}
	const parameters =
		body.parameters === undefined || body.parameters === null ? {} : body.parameters;
	if (!isObject(parameters)) throw invalid("Parameter 'parameters' must be a JSON object.");
	if (
		facts.interleave &&
		booleanOr(parameters.enable_interleave, 'parameters.enable_interleave', false)
	) {
		throw invalid('Interleaved text-and-image output (enable_interleave true) is not emulated.');
	}
	if (booleanOr(parameters.enable_sequential, 'parameters.enable_sequential', false))
		throw invalid('Image-set output (enable_sequential true) is not emulated.');
	if (parameters.bbox_list !== undefined && !facts.boxes)
		throw invalid(`Parameter 'parameters.bbox_list' is not supported by ${body.model}.`);
	if (parameters.negative_prompt !== undefined && typeof parameters.negative_prompt !== 'string')
		throw invalid("Parameter 'parameters.negative_prompt' must be a string.");
	const directives = extractDirectives(texts[0].value);
	return {
		// As received (for tests that check what a client sent): parameters and the kinds of content parts.
		received: { parameters, content: content.map((part) => part.key) },
		prompt: cut(directives.text, facts.promptChars),
		negativePrompt:
			typeof parameters.negative_prompt === 'string'
				? cut(parameters.negative_prompt, L.negativePromptChars)
				: null,
		directives,
		images,
		n: integerIn(parameters.n, 'parameters.n', L.nMin, L.nMax, facts.nDefault),
		seed: integerIn(parameters.seed, 'parameters.seed', 0, L.seedMax, null),
		size: sizeOf(parameters.size, facts, body.model),
		boxes:
			parameters.bbox_list === undefined ? null : checkBoxes(parameters.bbox_list, images.length),
		promptExtend: booleanOr(
			parameters.prompt_extend,
			'parameters.prompt_extend',
			L.promptExtendDefault,
		),
		watermark: booleanOr(parameters.watermark, 'parameters.watermark', L.watermarkDefault),
	};
}

module.exports = { validateMessages };
