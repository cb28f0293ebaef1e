import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_MODEL, LIMITS } from './limits';
import { failParameter } from './nodeError';

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

// The service counts characters, not UTF-16 units: an emoji is one character.
const charCount = (text: string) => [...text].length;

function checkText(ctx: IExecuteFunctions, i: number, field: string, text: string, max: number): void {
	const length = charCount(text);
	if (length > max) {
		failParameter(ctx.getNode(),
			i,
			`${field} is ${length} characters long: the limit is ${max}`,
			`Shorten the ${field.toLowerCase()} to at most ${max} characters (the service would silently cut the rest).`,
		);
	}
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

function integerIn(
	ctx: IExecuteFunctions,
	i: number,
	field: string,
	value: unknown,
	min: number,
	max: number,
	advice: string,
): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
		failParameter(ctx.getNode(), i, `${field} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`, advice);
	}
	return number;
}

/** Reads and checks Prompt, Number of Images, Size and the Options collection of item `i`. */
export function readGenerationSettings(this: IExecuteFunctions, i: number): GenerationSettings {
	const prompt = String(this.getNodeParameter('prompt', i, '') ?? '').trim();
	if (!prompt) {
		failParameter(this.getNode(), i, 'Prompt is empty', 'Describe the edit to make, e.g. "Turn the floral dress into a vintage lace dress".');
	}
	checkText(this, i, 'Prompt', prompt, LIMITS.promptChars);

	const n = integerIn(this, i, 'Number of Images', this.getNodeParameter('numberOfImages', i, 1), LIMITS.n.min, LIMITS.n.max, 'Set Number of Images to 1, 2, 3 or 4 (each image is billed).');

	const sizeChoice = String(this.getNodeParameter('size', i, 'auto'));
	const size =
		sizeChoice === 'auto'
			? undefined
			: normaliseSize(this, i, sizeChoice === 'custom' ? String(this.getNodeParameter('customSize', i, '')) : sizeChoice);

	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const negativePrompt = String(options.negativePrompt ?? '').trim() || undefined;
	if (negativePrompt) checkText(this, i, 'Negative Prompt', negativePrompt, LIMITS.negativePromptChars);
	const seed =
		options.seed === undefined || options.seed === ''
			? undefined
			: integerIn(this, i, 'Seed', options.seed, LIMITS.seed.min, LIMITS.seed.max, 'Use a seed from 0 to 2147483647, or remove the Seed option for a random one.');
	const model = String(options.model ?? DEFAULT_MODEL).trim() || DEFAULT_MODEL;

	return {
		model,
		prompt,
		negativePrompt,
		n,
		size,
		seed,
		promptExtend: options.promptExtend !== false,
		watermark: options.watermark === true,
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
