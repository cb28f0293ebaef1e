import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { GenerationSettings, ImageSource, ImageSpec, ModelLimits } from '../create';
import { MODELS, boxesExample, labelsOf, modelsWhere, perModel } from '../create';
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
	`E.g. ${boxesExample(2)} with "put the clock of Image 1 in the box of Image 2".`,
);

/** The most references any listed model takes: the editor allows no more entries. */
const MOST_IMAGES = Math.max(...Object.values(MODELS).map((limits) => limits.fuse.max));
const range = (l: ModelLimits) => `${l.fuse.min} to ${l.fuse.max} images`;

/** The other listed models that take `count` references: where to turn (none for the model picked). */
function modelsTaking(count: number, picked: ModelLimits): string {
	const ids = modelsWhere((l) => l !== picked && l.fuse.min <= count && count <= l.fuse.max);
	return ids.length ? `, or pick a model that takes ${count}: ${labelsOf(ids)}` : '';
}

/*
 * Each model's range, shown above the list where images are added (one notice per group of
 * models sharing a range; n8n shows the one whose models include the chosen one).
 */
const rangeNotices: INodeProperties[] = [
	...new Map(Object.values(MODELS).map((l) => [range(l), l])).values(),
].map((limits) => ({
	displayName: `${labelsOf(modelsWhere((l) => range(l) === range(limits)))}: ${range(limits)}. The prompt refers to them as Image 1, Image 2, ... in the order below.`,
	name: 'imagesNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { model: modelsWhere((l) => range(l) === range(limits)) } },
}));

const properties: INodeProperties[] = [
	...modelFields,
	prompt,
	...rangeNotices,
	{
		displayName: 'Images',
		name: 'images',
		type: 'fixedCollection',
		placeholder: 'Add Image',
		default: {},
		required: true,
		typeOptions: {
			multipleValues: true,
			sortable: true,
			// n8n refuses to run a longer list (its 2.41 editor lets one add more); the chosen model's own limit is checked at run time.
			maxAllowedFields: MOST_IMAGES,
			// Each entry's title in n8n 2.x's list ("Image 1", "Image 2", ...): the names the prompt uses.
			fixedCollection: { itemTitle: '={{ "Image " + ($collection.item.index + 1) }}' },
		},
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
						: `Remove images under Images: ${limits.label} accepts at most ${max}${modelsTaking(entries.length, limits)}.`,
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
