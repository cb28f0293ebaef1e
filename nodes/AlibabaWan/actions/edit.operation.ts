import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ImageSource, ImageSpec } from '../create';
import { boxesExample } from '../create';
import {
	generationFields,
	imageSourceFields,
	modelFields,
	promptLimits,
} from './image.description';
import { executeImageTasks } from './imageTasks';
import { waitFields } from './wait.description';

const [prompt, ...settings] = generationFields(
	'e.g. Turn the floral dress into a vintage lace dress',
	`The edit to make, in plain language (${promptLimits})`,
	`E.g. ${boxesExample(1)} with "replace what is in the box with a red balloon".`,
);

const properties: INodeProperties[] = [
	...modelFields,
	prompt,
	...imageSourceFields('data'),
	...settings,
	...waitFields,
];

export const description = updateDisplayOptions({ show: { operation: ['edit'] } }, properties);

export function readImages(this: IExecuteFunctions, i: number): ImageSpec[] {
	return [
		{
			source: this.getNodeParameter('source', i, 'binary') as ImageSource,
			binaryField: this.getNodeParameter('binaryField', i, 'data') as string,
			url: this.getNodeParameter('url', i, '') as string,
			base64: this.getNodeParameter('base64', i, '') as string,
		},
	];
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await executeImageTasks.call(this, items, readImages);
}
