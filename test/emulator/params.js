'use strict';

// Checks shared by both create routes: the service's 400 InvalidParameter with a message naming the parameter.
const { ERRORS, CREATE_LIMITS: L, DEFAULT_OUTPUT } = require('./facts');
const { ApiError } = require('./errors');

const invalid = (message) => new ApiError(ERRORS.invalid, message);
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const absent = (value) => value === undefined || value === null;

/** The service silently cuts over-long text; it counts characters as code points (CHOICE). */
function cut(text, max) {
	if (text.length <= max) return text;
	if (!L.countCodePoints) return text.slice(0, max);
	const points = Array.from(text);
	return points.length <= max ? text : points.slice(0, max).join('');
}

/** An integer within [min, max], or `fallback` when absent. */
function integerIn(value, name, min, max, fallback) {
	if (absent(value) && fallback !== undefined) return fallback;
	if (!Number.isInteger(value) || value < min || value > max) {
		throw invalid(
			`Parameter '${name}' must be an integer within [${min}, ${max}], got ${JSON.stringify(value)}.`,
		);
	}
	return value;
}

function booleanOr(value, name, fallback) {
	if (absent(value)) return fallback;
	if (typeof value !== 'boolean')
		throw invalid(`Parameter '${name}' must be a boolean, got ${JSON.stringify(value)}.`);
	return value;
}

/**
 * About `budget` pixels with the aspect ratio of the last input (clamped to [1:maxAspect,
 * maxAspect:1]). Sides: rounded DOWN to a multiple of 16 for Wan 2.5's default output, to the
 * nearest multiple of 32 for the "1K"/"2K" presets (`rounding` = PRESET_ROUNDING). Both CHOICES.
 */
function budgetSize(budget, inputWidth, inputHeight, maxAspect, rounding = DEFAULT_OUTPUT) {
	const aspect = Math.min(maxAspect, Math.max(1 / maxAspect, inputWidth / inputHeight));
	const step = rounding.multiple;
	const round = rounding.round === 'nearest' ? Math.round : Math.floor;
	const width = round(Math.sqrt(budget * aspect) / step) * step;
	const height = round(Math.sqrt(budget / aspect) / step) * step;
	return { width, height };
}

module.exports = { invalid, isObject, cut, integerIn, booleanOr, budgetSize };
