import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

export const taskIdField: INodeProperties = {
	displayName: 'Task ID',
	name: 'taskId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 0385dc79-5ff8-4d82-bcb6-2c1b1bc2bd5a',
	description:
		'The task ID returned by Edit or Fuse (field taskId). Task IDs are kept for 24 hours.',
};

/** The Task ID parameter of item i, trimmed (checked later, before it enters a URL). */
export function readTaskId(this: IExecuteFunctions, itemIndex: number): string {
	return String(this.getNodeParameter('taskId', itemIndex, '')).trim();
}
