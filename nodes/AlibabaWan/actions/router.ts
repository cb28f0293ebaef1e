import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as edit from './edit.operation';
import * as fuse from './fuse.operation';
import * as getStatus from './getStatus.operation';
import * as listTasks from './listTasks.operation';

export const operations = { cancel, edit, fuse, getStatus, listTasks };

export type Operation = keyof typeof operations;

/** One output for every operation; the operation's execute sees the whole batch (Edit and Fuse need it). */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as Operation;
	return [await operations[operation].execute.call(this, this.getInputData())];
}
