import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ImageSource, ImageSpec } from '../helpers/images';
import { executeImageTasks } from '../helpers/imageTasks';
import { generationFields, imageSourceFields, modelFields } from './common.description';
import { waitFields } from './wait.description';

const [prompt, ...settings] = generationFields(
	'e.g. Turn the floral dress into a vintage lace dress',
	'The edit to make, in plain language (at most 2000 characters; 5000 for Wan 2.7)',
);

const properties: INodeProperties[] = [...modelFields, prompt, ...imageSourceFields('data'), ...settings, ...waitFields];

export const description = updateDisplayOptions({ show: { operation: ['edit'] } }, properties);

function readImages(this: IExecuteFunctions, i: number): ImageSpec[] {
	return [
		{
			source: this.getNodeParameter('source', i, 'binary') as ImageSource,
			binaryField: this.getNodeParameter('binaryField', i, 'data') as string,
			url: this.getNodeParameter('url', i, '') as string,
			base64: this.getNodeParameter('base64', i, '') as string,
		},
	];
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeImageTasks.call(this, items, readImages);
}
