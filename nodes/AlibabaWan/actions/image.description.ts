import type { INodeProperties } from 'n8n-workflow';

import type { ModelLimits } from '../create';
import {
	LEGACY_MODEL,
	MODELS,
	NEW_NODE_MODEL,
	SHARED_LIMITS,
	modelsWhere,
	perModel,
	labelsOf,
} from '../create';

/*
 * Every model-specific text and choice here derives from the model table (create/models.ts):
 * a new model there appears in the list, its sizes, limits and options without an edit here.
 */

// n8n re-cases option names, so the exact id (what Custom Model ID takes) is in the description.
const MODEL_OPTIONS = [
	{
		name: 'Custom Model ID',
		value: 'custom',
		description:
			'A model ID typed below (or from an expression), for models released later on the same routes',
	},
	...Object.entries(MODELS).map(([id, limits]) => ({
		name: limits.label,
		value: id,
		description: `${id}: ${limits.summary}`,
	})),
].sort((a, b) => a.name.localeCompare(b.name));
const modelField = (fallback: string, versions: unknown[]): INodeProperties => ({
	displayName: 'Model',
	name: 'model',
	type: 'options',
	// Options and sizes are shown per model: an expression here would hide them. Custom Model ID takes expressions.
	noDataExpression: true,
	default: fallback,
	description: 'The Wan model: limits, size choices and options follow it',
	options: MODEL_OPTIONS,
	displayOptions: { show: { '@version': versions as number[] } },
});

/** Shows a field only for the listed models that take it (a custom id may take any: checked at run time). */
const forModels = (test: (limits: ModelLimits) => boolean, field = '/model') => ({
	show: { [field]: [...modelsWhere(test), 'custom'] },
});
const withPresets = (limits: ModelLimits) => limits.sizePresets.length > 0;
const presets = [...new Set(Object.values(MODELS).flatMap((limits) => limits.sizePresets))];
const pixels = (value: number) => `${Math.sqrt(value)}*${Math.sqrt(value)}`;
const ratio = (aspect: number) => `1:${aspect} to ${aspect}:1`;
const MB = 1024 * 1024;
/** The Size choices of the models without presets (one list: one field serves them). */
const namedSizes = [
	...new Map(
		Object.values(MODELS)
			.flatMap((l) => l.sizeChoices)
			.map((c) => [c.value, c]),
	).values(),
];

/**
 * Model choice. Version 1 (workflows saved before the choice existed) defaults to Wan 2.5 so
 * they keep their behaviour; new nodes default to Wan 2.7.
 */
export const modelFields: INodeProperties[] = [
	modelField(LEGACY_MODEL, [1]),
	modelField(NEW_NODE_MODEL, [{ _cnd: { gte: 1.1 } }]),
	{
		displayName: 'Custom Model ID',
		name: 'customModel',
		type: 'string',
		default: '',
		required: true,
		placeholder: `e.g. ${NEW_NODE_MODEL}`,
		description:
			'Model ID. IDs like wanX.Y-image (2.6 or later) use the image-generation route and Wan 2.6/2.7 limits; others the image-to-image route and Wan 2.5 limits.',
		displayOptions: { show: { model: ['custom'] } },
	},
];

/** The fields of one image: where it comes from, and the matching input. */
export function imageSourceFields(defaultBinaryField: string): INodeProperties[] {
	return [
		{
			displayName: 'Image Source',
			name: 'source',
			type: 'options',
			default: 'binary',
			options: [
				{
					name: 'Binary Field',
					value: 'binary',
					description: 'A file produced by an earlier node',
				},
				{ name: 'URL', value: 'url', description: 'A public http(s) URL the service downloads' },
				{
					name: 'Base64',
					value: 'base64',
					description: 'Base64 text or a data:image/...;base64, URI',
				},
			],
		},
		{
			displayName: 'Binary Field',
			name: 'binaryField',
			type: 'string',
			default: defaultBinaryField,
			description: `Name of the input binary field holding the image (JPEG, PNG, BMP or WEBP; ${perModel((l) => `at most ${l.imageBytes / MB} MB, ${l.imageSide.min} to ${l.imageSide.max} px a side`, '; ')})`,
			displayOptions: { show: { source: ['binary'] } },
		},
		{
			displayName: 'Image URL',
			name: 'url',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://example.com/photo.jpg',
			description: 'Public http(s) URL of the image; the service must be able to download it',
			displayOptions: { show: { source: ['url'] } },
		},
		{
			displayName: 'Base64 Image',
			name: 'base64',
			type: 'string',
			default: '',
			typeOptions: { rows: 2 },
			placeholder: 'e.g. data:image/png;base64,iVBORw0KGgo...',
			description: 'The image as base64 text, raw or as a data URI',
			displayOptions: { show: { source: ['base64'] } },
		},
	];
}

/** "at most 2000 characters for Wan 2.5 and 2.6; 5000 for Wan 2.7 and 2.7 Pro" */
export const promptLimits = `at most ${perModel((l) => `${l.promptChars} characters`, '; ')}`;

const sizeLimits = (l: ModelLimits) =>
	`${pixels(l.sizePixels.min)} to ${pixels(l.sizePixels.max)} pixels in all, aspect ratio ${ratio(l.aspect.max)}`;
const customSizeField = (description: string, models: string[]): INodeProperties => ({
	displayName: 'Custom Size',
	name: 'customSize',
	type: 'string',
	default: '1280*1280',
	placeholder: 'e.g. 1280*720',
	description,
	displayOptions: { show: { size: ['custom'], model: models } },
});
/** Custom Size tells the chosen model's limits: one field per group of models sharing them, all for a custom id. */
const customSizeFields: INodeProperties[] = [
	...[...new Set(Object.values(MODELS).map(sizeLimits))].map((text) =>
		customSizeField(
			`Width*height: ${text}`,
			modelsWhere((l) => sizeLimits(l) === text),
		),
	),
	customSizeField(`Width*height: ${perModel(sizeLimits, '; ')}`, ['custom']),
];

/**
 * Prompt, count, size and options shared by Edit and Fuse; `boxesHelp` is the operation's own
 * Edit Boxes example (Edit has one image, Fuse several).
 */
export function generationFields(
	promptPlaceholder: string,
	promptDescription: string,
	boxesHelp: string,
): INodeProperties[] {
	return [
		{
			displayName: 'Prompt',
			name: 'prompt',
			type: 'string',
			required: true,
			default: '',
			typeOptions: { rows: 3 },
			placeholder: promptPlaceholder,
			description: promptDescription,
		},
		{
			displayName: 'Number of Images',
			name: 'numberOfImages',
			type: 'number',
			default: 1,
			typeOptions: {
				minValue: Math.min(...Object.values(MODELS).map((l) => l.n.min)),
				maxValue: Math.max(...Object.values(MODELS).map((l) => l.n.max)),
			},
			description: `How many variants to generate, ${perModel((l) => `${l.n.min} to ${l.n.max}`)}. Each image is billed; the service itself would default to 4.`,
		},
		{
			displayName: 'Size',
			name: 'size',
			type: 'options',
			default: 'auto',
			description: `Output size: a pixel budget (${presets.map((p) => `${p} about ${parseInt(p, 10) * 1024}×${parseInt(p, 10) * 1024}`).join(', ')}) with the aspect ratio of the last input image, or width*height`,
			displayOptions: forModels(withPresets, 'model'),
			options: [
				...presets.map((p) => ({
					name: p,
					value: p,
					description: `About ${parseInt(p, 10) * 1024}×${parseInt(p, 10) * 1024} pixels in all`,
				})),
				{
					name: 'Automatic (Service Default)',
					value: 'auto',
					description: `Not sent: ${perModel((l) => l.defaultSize, ', ', withPresets)}`,
				},
				{ name: 'Custom', value: 'custom' },
			],
		},
		{
			displayName: 'Size',
			name: 'size',
			type: 'options',
			default: 'auto',
			description: 'Output size in pixels (width*height)',
			displayOptions: { show: { model: modelsWhere((l) => !withPresets(l)) } },
			options: [
				{
					name: 'Automatic (Follow the Input)',
					value: 'auto',
					description: `Not sent: ${perModel(
						(l) => l.defaultSize,
						', ',
						(l) => !withPresets(l),
					)}`,
				},
				{ name: 'Custom', value: 'custom' },
				...namedSizes,
			],
		},
		...customSizeFields,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Edit Boxes',
					name: 'boxes',
					type: 'json',
					default: '[]',
					description: `Interactive editing (${labelsOf(modelsWhere((l) => l.boxes))}): the regions to change. One list per image in image order, each a list of boxes [x1, y1, x2, y2] in pixels of that image (top-left, bottom-right); [] for an image without boxes, and [] alone (the default) for none. ${boxesHelp}`,
					displayOptions: forModels((l) => l.boxes),
				},
				{
					displayName: 'Model (Old Field)',
					name: 'model',
					type: 'string',
					default: LEGACY_MODEL,
					description:
						'Kept for workflows saved before the Model choice: when set it overrides Model. Remove it to use Model.',
					displayOptions: { show: { '@version': [1] } },
				},
				{
					displayName: 'Negative Prompt',
					name: 'negativePrompt',
					type: 'string',
					default: '',
					typeOptions: { rows: 2 },
					description: `What the result should not contain, at most ${SHARED_LIMITS.negativePromptChars} characters (${labelsOf(modelsWhere((l) => l.negativePrompt))})`,
					displayOptions: forModels((l) => l.negativePrompt),
				},
				{
					displayName: 'Prompt Extend',
					name: 'promptExtend',
					type: 'boolean',
					default: true,
					description: `Whether the service may rewrite the prompt with a language model for better results (${labelsOf(modelsWhere((l) => l.promptExtend))}; ${labelsOf(modelsWhere((l) => l.api === 'synthesis'))} returns the rewritten prompt as actualPrompt)`,
					displayOptions: forModels((l) => l.promptExtend),
				},
				{
					displayName: 'Seed',
					name: 'seed',
					type: 'number',
					default: 0,
					typeOptions: { minValue: SHARED_LIMITS.seed.min, maxValue: SHARED_LIMITS.seed.max },
					description:
						'Fixes the randomness for repeatable results; image i of a task uses seed + i',
				},
				{
					displayName: 'Watermark',
					name: 'watermark',
					type: 'boolean',
					default: false,
					description: 'Whether to add the "AI generated" watermark to the results',
				},
			],
		},
	];
}
