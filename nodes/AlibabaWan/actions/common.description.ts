import type { INodeProperties } from 'n8n-workflow';

import { LEGACY_MODEL, NEW_NODE_MODEL } from '../helpers/models';

const MODEL_OPTIONS = [
	{ name: 'Custom Model ID', value: 'custom', description: 'A model ID typed below (or from an expression), for models released later on the same routes' },
	{ name: 'Wan 2.5 (Wan2.5-I2i-Preview)', value: 'wan2.5-i2i-preview', description: '1 to 3 images, up to 1280×1280 output' },
	{ name: 'Wan 2.6 (Wan2.6-Image)', value: 'wan2.6-image', description: '1 to 4 images, 1K or 2K output' },
	{ name: 'Wan 2.7 (Wan2.7-Image)', value: 'wan2.7-image', description: '1 to 9 images, 1K or 2K output, edit boxes; faster' },
	{ name: 'Wan 2.7 Pro (Wan2.7-Image-Pro)', value: 'wan2.7-image-pro', description: 'Like Wan 2.7, higher quality and price' },
];
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

const MESSAGES_MODELS = ['wan2.6-image', 'wan2.7-image', 'wan2.7-image-pro', 'custom'];
/** Shows an option only for the models that take it (a custom id may take any: checked at run time). */
const forModels = (...models: string[]) => ({ show: { '/model': [...models, 'custom'] } });

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
		placeholder: 'e.g. wan2.7-image',
		description: 'Model ID. IDs like wanX.Y-image (2.6 or later) use the image-generation route and Wan 2.6/2.7 limits; others the image-to-image route and Wan 2.5 limits.',
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
				{ name: 'Binary Field', value: 'binary', description: 'A file produced by an earlier node' },
				{ name: 'URL', value: 'url', description: 'A public http(s) URL the service downloads' },
				{ name: 'Base64', value: 'base64', description: 'Base64 text or a data:image/...;base64, URI' },
			],
		},
		{
			displayName: 'Binary Field',
			name: 'binaryField',
			type: 'string',
			default: defaultBinaryField,
			description: 'Name of the input binary field holding the image (JPEG, PNG, BMP or WEBP; at most 10 MB; 384 to 5000 px a side for Wan 2.5, 240 to 8000 px for Wan 2.6 and 2.7)',
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

/** Prompt, count, size and options shared by Edit and Fuse. */
export function generationFields(promptPlaceholder: string, promptDescription: string): INodeProperties[] {
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
			typeOptions: { minValue: 1, maxValue: 4 },
			description: 'How many variants to generate, 1 to 4. Each image is billed; the service itself would default to 4.',
		},
		{
			displayName: 'Size',
			name: 'size',
			type: 'options',
			default: 'auto',
			description: 'Output size: a pixel budget (1K about 1024×1024, 2K about 2048×2048) with the aspect ratio of the last input image, or width*height',
			displayOptions: { show: { model: MESSAGES_MODELS } },
			options: [
				{ name: '1K', value: '1K', description: 'About 1024×1024 pixels in all' },
				{ name: '2K', value: '2K', description: 'About 2048×2048 pixels in all' },
				{ name: 'Automatic (Service Default)', value: 'auto', description: 'Not sent: 1K for Wan 2.6, 2K for Wan 2.7' },
				{ name: 'Custom', value: 'custom' },
			],
		},
		{
			displayName: 'Size',
			name: 'size',
			type: 'options',
			default: 'auto',
			description: 'Output size in pixels (width*height)',
			displayOptions: { show: { model: ['wan2.5-i2i-preview'] } },
			options: [
				{ name: 'Automatic (Follow the Input)', value: 'auto', description: 'About 1280*1280 pixels in all, with the aspect ratio of the (last) input image' },
				{ name: 'Custom', value: 'custom' },
				{ name: 'Landscape 16:9 (1696×960)', value: '1696*960' },
				{ name: 'Landscape 4:3 (1472×1104)', value: '1472*1104' },
				{ name: 'Portrait 3:4 (1104×1472)', value: '1104*1472' },
				{ name: 'Portrait 9:16 (960×1696)', value: '960*1696' },
				{ name: 'Square 1:1 (1024×1024)', value: '1024*1024' },
				{ name: 'Square 1:1 (1280×1280)', value: '1280*1280' },
			],
		},
		{
			displayName: 'Custom Size',
			name: 'customSize',
			type: 'string',
			default: '1280*1280',
			placeholder: 'e.g. 1280*720',
			description: 'Width*height. Wan 2.5: 768*768 to 1280*1280 pixels in all, aspect ratio 1:4 to 4:1. Wan 2.6: 768*768 to 2048*2048, 1:4 to 4:1. Wan 2.7: 768*768 to 2048*2048, 1:8 to 8:1.',
			displayOptions: { show: { size: ['custom'] } },
		},
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
					description:
						'Interactive editing (Wan 2.7): the regions to change. One list per image in image order, each a list of boxes [x1, y1, x2, y2] in pixels of that image (top-left, bottom-right); [] for an image without boxes. E.g. [[], [[989, 515, 1138, 681]]] with "put the clock of image 1 in the box of image 2".',
					displayOptions: forModels('wan2.7-image', 'wan2.7-image-pro'),
				},
				{
					displayName: 'Model (Old Field)',
					name: 'model',
					type: 'string',
					default: LEGACY_MODEL,
					description: 'Kept for workflows saved before the Model choice: when set it overrides Model. Remove it to use Model.',
					displayOptions: { show: { '@version': [1] } },
				},
				{
					displayName: 'Negative Prompt',
					name: 'negativePrompt',
					type: 'string',
					default: '',
					typeOptions: { rows: 2 },
					description: 'What the result should not contain, at most 500 characters (Wan 2.5 and 2.6)',
					displayOptions: forModels('wan2.5-i2i-preview', 'wan2.6-image'),
				},
				{
					displayName: 'Prompt Extend',
					name: 'promptExtend',
					type: 'boolean',
					default: true,
					description: 'Whether the service may rewrite the prompt with a language model for better results (Wan 2.5 and 2.6; Wan 2.5 returns the rewritten prompt as actualPrompt)',
					displayOptions: forModels('wan2.5-i2i-preview', 'wan2.6-image'),
				},
				{
					displayName: 'Seed',
					name: 'seed',
					type: 'number',
					default: 0,
					typeOptions: { minValue: 0, maxValue: 2147483647 },
					description: 'Fixes the randomness for repeatable results; image i of a task uses seed + i',
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
