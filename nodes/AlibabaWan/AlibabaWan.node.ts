import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operations, router } from './actions/router';
import { MODELS, labelsOf } from './create';

// Model facts in the texts below come from the model table, like every other editor text.
const fuseUpTo = [...new Set(Object.values(MODELS).map((limits) => limits.fuse.max))]
	.join(', ')
	.replace(/, (\d+)$/, ' or $1');

export class AlibabaWan implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Alibaba Wan',
		name: 'alibabaWan',
		icon: { light: 'file:alibabaWan.svg', dark: 'file:alibabaWan.dark.svg' },
		group: ['transform'],
		// 1.1: the Model choice (new nodes default to Wan 2.7); version 1 keeps Wan 2.5 for saved workflows.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle:
			'={{ {cancel: "Cancel a task", edit: "Edit an image", fuse: "Fuse images", getStatus: "Get task status", listTasks: "List tasks"}[$parameter["operation"]] }}',
		description: `Edit and fuse images with Alibaba Cloud Model Studio ${labelsOf(Object.keys(MODELS))} (DashScope)`,
		defaults: { name: 'Alibaba Wan' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'alibabaWanApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'edit',
				options: [
					{
						name: 'Cancel',
						value: 'cancel',
						action: 'Cancel a task',
						description: 'Cancel a task that has not started yet (PENDING)',
					},
					{
						name: 'Edit',
						value: 'edit',
						action: 'Edit an image',
						description: 'Change one image following a text instruction',
					},
					{
						name: 'Fuse',
						value: 'fuse',
						action: 'Fuse images',
						description: `Combine reference images (up to ${fuseUpTo} by model) following a text instruction`,
					},
					{
						name: 'Get Status',
						value: 'getStatus',
						action: 'Get the status of a task',
						description: 'Get a task and its results by task ID',
					},
					{
						name: 'List Tasks',
						value: 'listTasks',
						action: 'List tasks',
						description: 'List recent tasks of the account, with filters',
					},
				],
			},
			...Object.values(operations).flatMap((operation) => operation.description),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
