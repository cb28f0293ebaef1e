import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { checkBoolean, checkNumber, checkOption, checkText } from './checks';
import { DEFAULT_MODEL, LIMITS, SIZE_PRESETS } from './limits';
import { failParameter } from './nodeError';

const SIZE_CHOICES = ['auto', 'custom', ...SIZE_PRESETS] as const;

/** The generation settings of one Edit or Fuse item, checked against the service's limits. */
export interface GenerationSettings {
	model: string;
	prompt: string;
	negativePrompt?: string;
	n: number;
	size?: string;
	seed?: number;
	promptExtend: boolean;
	watermark: boolean;
}

/** "1280*1280", "1280x1280" or "1280 × 1280" -> "1280*1280", within the pixel and aspect bounds. */
export function normaliseSize(ctx: IExecuteFunctions, i: number, raw: string): string {
	const match = /^\s*(\d+)\s*[*xX×]\s*(\d+)\s*$/.exec(raw);
	if (!match) {
		failParameter(ctx.getNode(), i, `Custom Size "${raw}" is not of the form width*height`, 'Write the size as width*height in pixels, e.g. 1280*1280 or 1472*1104.');
	}
	const width = Number(match[1]);
	const height = Number(match[2]);
	const pixels = width * height;
	const { min, max } = LIMITS.sizePixels;
	if (pixels < min || pixels > max) {
		failParameter(ctx.getNode(),
			i,
			`Custom Size ${width}*${height} has ${pixels} pixels: it must have between ${min} (768*768) and ${max} (1280*1280)`,
			'Pick a width and height whose product is in that range, e.g. 1280*1280, 1104*1472 or 1696*960.',
		);
	}
	const ratio = width / height;
	if (ratio < LIMITS.aspect.min || ratio > LIMITS.aspect.max) {
		failParameter(ctx.getNode(), i, `Custom Size ${width}*${height} is too narrow: the aspect ratio must be between 1:4 and 4:1`, 'Choose a width and height no more than four times each other.');
	}
	return `${width}*${height}`;
}

/** Reads and checks Prompt, Number of Images, Size and the Options collection of item `i`. */
export function readGenerationSettings(this: IExecuteFunctions, i: number): GenerationSettings {
	const prompt = checkText(this, i, 'Prompt', this.getNodeParameter('prompt', i, ''), {
		required: true,
		max: LIMITS.promptChars,
		advice: 'Describe the edit to make, e.g. "Turn the floral dress into a vintage lace dress".',
	}) as string;
	const { n: count, seed: seedRange } = LIMITS;
	const n = checkNumber(this, i, 'Number of Images', this.getNodeParameter('numberOfImages', i, 1), { ...count, integer: true }, 'Set Number of Images to 1, 2, 3 or 4 (each image is billed).');

	const sizeChoice = checkOption(this, i, 'Size', this.getNodeParameter('size', i, 'auto'), SIZE_CHOICES);
	const customSize = () =>
		checkText(this, i, 'Custom Size', this.getNodeParameter('customSize', i, ''), { required: true, advice: 'Write the size as width*height in pixels, e.g. 1280*1280.' }) as string;
	const size = sizeChoice === 'auto' ? undefined : normaliseSize(this, i, sizeChoice === 'custom' ? customSize() : sizeChoice);

	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const negativePrompt = checkText(this, i, 'Negative Prompt', options.negativePrompt, {
		max: LIMITS.negativePromptChars,
		advice: 'Describe what to avoid in plain text, or remove the Negative Prompt option.',
	});
	const seed =
		options.seed === undefined || options.seed === ''
			? undefined
			: checkNumber(this, i, 'Seed', options.seed, { ...seedRange, integer: true }, 'Use a seed from 0 to 2147483647, or remove the Seed option for a random one.');
	const model = checkText(this, i, 'Model', options.model, { advice: `Name a model of this endpoint, e.g. ${DEFAULT_MODEL}.` }) ?? DEFAULT_MODEL;

	return {
		model,
		prompt,
		negativePrompt,
		n,
		size,
		seed,
		promptExtend: checkBoolean(this, i, 'Prompt Extend', options.promptExtend, true),
		watermark: checkBoolean(this, i, 'Watermark', options.watermark, false),
	};
}

/** The create body, images already prepared (data URIs or URLs, in order). */
export function buildCreateBody(settings: GenerationSettings, images: string[]): IDataObject {
	const input: IDataObject = { prompt: settings.prompt, images };
	if (settings.negativePrompt) input.negative_prompt = settings.negativePrompt;
	const parameters: IDataObject = {
		n: settings.n,
		prompt_extend: settings.promptExtend,
		watermark: settings.watermark,
	};
	if (settings.size) parameters.size = settings.size;
	if (settings.seed !== undefined) parameters.seed = settings.seed;
	return { model: settings.model, input, parameters };
}
