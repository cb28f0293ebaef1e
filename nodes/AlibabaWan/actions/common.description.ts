import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MODEL } from '../helpers/limits';

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
			description: 'Name of the input binary field holding the image (JPEG, PNG, BMP or WEBP; 384 to 5000 px a side; at most 10 MB)',
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
			description: 'Output size in pixels (width*height)',
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
			description: 'Width*height with 768*768 to 1280*1280 pixels in all and an aspect ratio between 1:4 and 4:1',
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
					displayName: 'Model',
					name: 'model',
					type: 'string',
					default: DEFAULT_MODEL,
					description: 'Model name; another model served by the same image-to-image endpoint may be used',
				},
				{
					displayName: 'Negative Prompt',
					name: 'negativePrompt',
					type: 'string',
					default: '',
					typeOptions: { rows: 2 },
					description: 'What the result should not contain, at most 500 characters',
				},
				{
					displayName: 'Prompt Extend',
					name: 'promptExtend',
					type: 'boolean',
					default: true,
					description: 'Whether the service may rewrite the prompt with a language model for better results (the rewritten prompt is returned as actualPrompt)',
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
