import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { ImageSource, ImageSpec } from '../helpers/images';
import { LIMITS } from '../helpers/limits';
import { executeImageTasks } from '../helpers/imageTasks';
import { generationFields, imageSourceFields } from './common.description';
import { waitFields } from './wait.description';

const [prompt, ...settings] = generationFields(
	'e.g. Put the clock from Image 1 beside the vase in Image 2',
	'The instruction, referring to the images as Image 1, Image 2 and Image 3 in the order below (at most 2000 characters)',
);

const properties: INodeProperties[] = [
	prompt,
	{
		displayName: 'Images',
		name: 'images',
		type: 'fixedCollection',
		placeholder: 'Add Image',
		default: {},
		required: true,
		typeOptions: { multipleValues: true, sortable: true },
		description: 'Two or three reference images. Their order defines Image 1, Image 2 and Image 3 in the prompt.',
		options: [{ displayName: 'Image', name: 'image', values: imageSourceFields('data') }],
	},
	...settings,
	...waitFields,
];

export const description = updateDisplayOptions({ show: { operation: ['fuse'] } }, properties);

function readImages(this: IExecuteFunctions, i: number): ImageSpec[] {
	const entries = (this.getNodeParameter('images.image', i, []) as IDataObject[]) ?? [];
	const { fuseMin, fuseMax } = LIMITS.images;
	if (entries.length < fuseMin || entries.length > fuseMax) {
		throw new NodeOperationError(this.getNode(), `Images: Fuse needs ${fuseMin} or ${fuseMax} images, got ${entries.length}`, {
			itemIndex: i,
			description:
				entries.length < fuseMin
					? 'Add images under Images (Add Image). To change a single image, use the Edit operation.'
					: 'Remove images under Images: the service accepts at most three.',
		});
	}
	return entries.map((entry) => ({
		source: (entry.source ?? 'binary') as ImageSource,
		binaryField: entry.binaryField as string | undefined,
		url: entry.url as string | undefined,
		base64: entry.base64 as string | undefined,
	}));
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeImageTasks.call(this, items, readImages);
}
