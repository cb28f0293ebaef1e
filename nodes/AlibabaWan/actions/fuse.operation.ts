import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { GenerationSettings, ImageSource, ImageSpec } from '../create';
import { MODELS, perModel } from '../create';
import {
	generationFields,
	imageSourceFields,
	modelFields,
	promptLimits,
} from './image.description';
import { executeImageTasks } from './imageTasks';
import { waitFields } from './wait.description';

const [prompt, ...settings] = generationFields(
	'e.g. Put the clock from Image 1 beside the vase in Image 2',
	`The instruction, referring to the images as Image 1, Image 2, ... in the order below (${promptLimits})`,
);

/** The listed model that takes the most references: where to turn when a batch has too many. */
const widest = Object.values(MODELS).reduce((best, limits) =>
	limits.fuse.max > best.fuse.max ? limits : best,
);

const properties: INodeProperties[] = [
	...modelFields,
	prompt,
	{
		displayName: 'Images',
		name: 'images',
		type: 'fixedCollection',
		placeholder: 'Add Image',
		default: {},
		required: true,
		typeOptions: { multipleValues: true, sortable: true },
		description: `Reference images: ${perModel((l) => `${l.fuse.min} to ${l.fuse.max}`)}. Their order defines Image 1, Image 2, ... in the prompt.`,
		options: [{ displayName: 'Image', name: 'image', values: imageSourceFields('data') }],
	},
	...settings,
	...waitFields,
];

export const description = updateDisplayOptions({ show: { operation: ['fuse'] } }, properties);

export function readImages(
	this: IExecuteFunctions,
	i: number,
	{ limits }: GenerationSettings,
): ImageSpec[] {
	const entries = (this.getNodeParameter('images.image', i, []) as IDataObject[]) ?? [];
	const { min, max } = limits.fuse;
	if (entries.length < min || entries.length > max) {
		throw new NodeOperationError(
			this.getNode(),
			`Images: Fuse with ${limits.label} takes ${min} to ${max} images, got ${entries.length}`,
			{
				itemIndex: i,
				description:
					entries.length < min
						? 'Add images under Images (Add Image). To change a single image, use the Edit operation.'
						: `Remove images under Images: ${limits.label} accepts at most ${max}${widest.fuse.max > max ? `, or pick a model that takes more (${widest.label} takes ${widest.fuse.max})` : ''}.`,
			},
		);
	}
	return entries.map((entry) => ({
		source: (entry.source ?? 'binary') as ImageSource,
		binaryField: entry.binaryField as string | undefined,
		url: entry.url as string | undefined,
		base64: entry.base64 as string | undefined,
	}));
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await executeImageTasks.call(this, items, readImages);
}
