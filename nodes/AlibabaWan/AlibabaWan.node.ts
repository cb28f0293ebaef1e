import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operations, router } from './actions/router';

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
		description:
			'Edit and fuse images with Alibaba Cloud Model Studio Wan 2.5, 2.6 and 2.7 (DashScope)',
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
						description:
							'Combine reference images (up to 3, 4 or 9 by model) following a text instruction',
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
