import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { asNodeError } from '../helpers/nodeError';
import { mapItems, taskJson } from '../items';
import { cancelTask, failureDetails, getTask, toNodeApiError } from '../transport';
import { readTaskId, taskIdField } from './taskId.description';

const properties: INodeProperties[] = [taskIdField];

export const description = updateDisplayOptions({ show: { operation: ['cancel'] } }, properties);

async function cancelOne(
	this: IExecuteFunctions,
	taskId: string,
	i: number,
): Promise<INodeExecutionData[]> {
	try {
		await cancelTask.call(this, taskId, i);
	} catch (error) {
		const refusal = failureDetails(error);
		if (refusal?.code !== 'UnsupportedOperation') throw asNodeError(this.getNode(), error, i);
		// The service only says "not PENDING": look the task up so the error names its status too.
		const task = await getTask.call(this, taskId, i);
		if (task.status !== 'CANCELED') {
			const advice =
				task.status === 'UNKNOWN'
					? 'The service does not know this task: the id is wrong, belongs to another account or region, or is older than 24 hours.'
					: 'A task that has started runs to the end (and is billed if it succeeds). Use Get Status to fetch its result.';
			throw toNodeApiError(
				this.getNode(),
				{
					httpCode: 400,
					code: 'UnsupportedOperation',
					message: String(refusal.message),
					requestId: String(refusal.requestId ?? ''),
					taskId,
				},
				i,
				`Task ${taskId} is ${task.status}: only PENDING tasks can be cancelled. ${advice}`,
			);
		}
	}
	const task = await getTask.call(this, taskId, i);
	return [{ json: taskJson(task), pairedItem: { item: i } }];
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const taskIdOf = (i: number) => readTaskId.call(this, i);
	return await mapItems.call(
		this,
		items,
		async (i) => await cancelOne.call(this, taskIdOf(i), i),
		taskIdOf,
	);
}
