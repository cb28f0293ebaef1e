import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError } from '../helpers/nodeError';
import { errorItem } from './json';

/**
 * Runs `work` for each item in turn; with Continue On Fail an error becomes an error item
 * (keeping the task id the item asked about), otherwise it stops the node.
 */
export async function mapItems(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	work: (itemIndex: number) => Promise<INodeExecutionData[]>,
	knownTaskId?: (itemIndex: number) => string | undefined,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			output.push(...(await work(i)));
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, i);
			output.push(errorItem(this.getNode(), error, i, { taskId: knownTaskId?.(i) }));
		}
	}
	return output;
}
