import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { checkBoolean, checkNumber, checkText } from '../helpers/checks';
import type { HasNode } from '../helpers/nodeError';
import { failParameter } from '../helpers/nodeError';
import { readBoxes } from './boxes';
import type { ModelLimits } from './models';
import { LEGACY_MODEL, NEW_NODE_MODEL, SHARED_LIMITS, modelLimits, modelName } from './models';

/** The generation settings of one Edit or Fuse item, checked against the chosen model's limits. */
export interface GenerationSettings {
	model: string;
	limits: ModelLimits;
	prompt: string;
	negativePrompt?: string;
	n: number;
	size?: string;
	seed?: number;
	promptExtend?: boolean;
	watermark: boolean;
	/** Wan 2.7 interactive editing: per image, boxes [x1, y1, x2, y2] in pixels. */
	boxes?: number[][][];
}

/**
 * The model of item i. Nodes of version 1 may hold the old free-text Options > Model: it wins,
 * so a saved workflow keeps exactly the model it ran with.
 */
export function readModel(ctx: IExecuteFunctions, i: number): string {
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const advice = `Pick a model from the list, or type a model id of the same API, e.g. ${NEW_NODE_MODEL}.`;
	const legacy = checkText(ctx, i, 'Options > Model', options.model, { advice });
	if (legacy) return legacy;
	const choice = checkText(ctx, i, 'Model', ctx.getNodeParameter('model', i, LEGACY_MODEL), {
		required: true,
		advice,
	}) as string;
	if (choice !== 'custom') return choice;
	return checkText(ctx, i, 'Custom Model ID', ctx.getNodeParameter('customModel', i, ''), {
		required: true,
		advice,
	}) as string;
}

/** "1280*1280", "1280x1280", "1280 × 1280" or a preset ("2K") -> what the service takes, within the model's bounds. */
export function normaliseSize(
	ctx: HasNode,
	i: number,
	field: string,
	raw: string,
	model: string,
): string {
	const limits = modelLimits(model);
	const preset = raw.trim().toUpperCase();
	if (limits.sizePresets.includes(preset)) return preset;
	const match = /^\s*(\d+)\s*[*xX×]\s*(\d+)\s*$/.exec(raw);
	if (!match) {
		const presets = limits.sizePresets.length ? `${limits.sizePresets.join(' or ')}, or ` : '';
		failParameter(
			ctx.getNode(),
			i,
			`${field} "${raw}" is not of the form width*height${limits.sizePresets.length ? ` nor ${limits.sizePresets.join(' or ')}` : ''}`,
			`Write the size as ${presets}width*height in pixels, e.g. 1280*1280. ${modelName(model)} takes no other preset.`,
		);
	}
	const width = Number(match[1]);
	const height = Number(match[2]);
	const pixels = width * height;
	const { min, max } = limits.sizePixels;
	const side = (value: number) => `${Math.sqrt(value)}*${Math.sqrt(value)}`;
	if (pixels < min || pixels > max) {
		failParameter(
			ctx.getNode(),
			i,
			`${field} ${width}*${height} has ${pixels} pixels: ${modelName(model)} takes between ${min} (${side(min)}) and ${max} (${side(max)})`,
			'Pick a width and height whose product is in that range, e.g. 1280*1280, 1104*1472 or 1696*960.',
		);
	}
	const ratio = width / height;
	const { aspect } = limits;
	if (ratio < aspect.min || ratio > aspect.max) {
		failParameter(
			ctx.getNode(),
			i,
			`${field} ${width}*${height} is too narrow: ${modelName(model)} takes an aspect ratio between 1:${aspect.max} and ${aspect.max}:1`,
			`Choose a width and height no more than ${aspect.max} times each other.`,
		);
	}
	return `${width}*${height}`;
}

function readSize(ctx: IExecuteFunctions, i: number, model: string): string | undefined {
	const choice =
		checkText(ctx, i, 'Size', ctx.getNodeParameter('size', i, 'auto'), {
			advice: 'Pick a size from the list, or Automatic.',
		}) ?? 'auto';
	if (choice === 'auto') return undefined;
	const raw =
		choice === 'custom'
			? (checkText(ctx, i, 'Custom Size', ctx.getNodeParameter('customSize', i, ''), {
					required: true,
					advice: 'Write the size as width*height in pixels, e.g. 1280*1280.',
				}) as string)
			: choice;
	return normaliseSize(ctx, i, choice === 'custom' ? 'Custom Size' : 'Size', raw, model);
}

/** Refuses an option the model does not take (set by an expression, or kept from another model). */
function onlyFor(
	ctx: HasNode,
	i: number,
	model: string,
	field: string,
	value: unknown,
	allowed: boolean,
): void {
	if (!allowed && value !== undefined && value !== '') {
		failParameter(
			ctx.getNode(),
			i,
			`${field} is not taken by ${modelName(model)}`,
			`Remove the ${field} option, or pick a model that takes it.`,
		);
	}
}

/** Reads and checks Model, Prompt, Number of Images, Size and the Options collection of item `i`. */
export function readGenerationSettings(this: IExecuteFunctions, i: number): GenerationSettings {
	const model = readModel(this, i);
	const limits = modelLimits(model);
	const prompt = checkText(this, i, 'Prompt', this.getNodeParameter('prompt', i, ''), {
		required: true,
		max: limits.promptChars,
		advice: 'Describe the edit to make, e.g. "Turn the floral dress into a vintage lace dress".',
	}) as string;
	const n = checkNumber(
		this,
		i,
		'Number of Images',
		this.getNodeParameter('numberOfImages', i, 1),
		{ ...limits.n, integer: true },
		`Set Number of Images from ${limits.n.min} to ${limits.n.max} (each image is billed).`,
	);
	const size = readSize(this, i, model);

	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	onlyFor(this, i, model, 'Negative Prompt', options.negativePrompt, limits.negativePrompt);
	onlyFor(this, i, model, 'Prompt Extend', options.promptExtend, limits.promptExtend);
	// Read first: the default [] is no boxes, so it is no option a model could refuse.
	const boxes = readBoxes(this, i, options.boxes);
	onlyFor(this, i, model, 'Edit Boxes', boxes, limits.boxes);
	const negativePrompt = checkText(this, i, 'Negative Prompt', options.negativePrompt, {
		max: SHARED_LIMITS.negativePromptChars,
		advice: 'Describe what to avoid in plain text, or remove the Negative Prompt option.',
	});
	const seed =
		options.seed === undefined || options.seed === ''
			? undefined
			: checkNumber(
					this,
					i,
					'Seed',
					options.seed,
					{ ...SHARED_LIMITS.seed, integer: true },
					'Use a seed from 0 to 2147483647, or remove the Seed option for a random one.',
				);

	return {
		model,
		limits,
		prompt,
		negativePrompt,
		n,
		size,
		seed,
		promptExtend: limits.promptExtend
			? checkBoolean(this, i, 'Prompt Extend', options.promptExtend, true)
			: undefined,
		watermark: checkBoolean(this, i, 'Watermark', options.watermark, false),
		boxes,
	};
}
